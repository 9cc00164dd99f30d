package io.eventplatform.materials.material;

import java.time.Instant;

import io.eventplatform.shared.item.MaterialItem;

/**
 * Where a reader fetches a material's current bytes.
 *
 * @param url presigned S3 GET or CDN URL
 * @param expiresAt when a presigned URL stops working; null for CDN URLs
 * @param viaCdn whether it is a CDN URL
 * @param material the material it downloads
 */
public record MaterialLink(String url, Instant expiresAt, boolean viaCdn, MaterialItem material) {
}
