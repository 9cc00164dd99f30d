package io.eventplatform.materials.material;

import io.eventplatform.shared.item.MaterialItem.Visibility;

/**
 * What an organizer says about a material; in an edit, null fields stay as they are.
 *
 * @param title display title
 * @param description longer text
 * @param visibility who may download it
 */
public record MaterialDraft(String title, String description, Visibility visibility) {
}
