package io.eventplatform.materials.material;

import java.time.Instant;
import java.util.List;

import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.shared.item.MaterialItem.Visibility;
import io.eventplatform.shared.item.MaterialItem.VersionEntry;

/** A mutable copy of a material item: the next state of it, built field by field. */
final class MaterialChange {

    final MaterialItem base;
    String title;
    String description;
    String fileName;
    String contentType;
    long size;
    String sha256;
    String versionId;
    Visibility visibility;
    boolean published;
    String uploadedBy;
    Instant deletedAt;
    String staticKey;
    List<VersionEntry> versions;

    MaterialChange(MaterialItem base) {
        this.base = base;
        title = base.title();
        description = base.description();
        fileName = base.fileName();
        contentType = base.contentType();
        size = base.size();
        sha256 = base.sha256();
        versionId = base.versionId();
        visibility = base.visibility();
        published = base.published();
        uploadedBy = base.uploadedBy();
        deletedAt = base.deletedAt();
        staticKey = base.staticKey();
        versions = base.versions();
    }

    /** Makes {@code entry} the current content and records it in the history. */
    MaterialChange content(VersionEntry entry) {
        fileName = entry.fileName();
        contentType = entry.contentType();
        size = entry.size();
        sha256 = entry.sha256();
        versionId = entry.versionId();
        uploadedBy = entry.uploadedBy();
        deletedAt = null;
        versions = base.withVersion(entry);
        return this;
    }

    MaterialItem build(Instant now, long version) {
        return new MaterialItem(base.materialId(), base.eventId(), title, description, fileName, contentType, size,
                sha256, base.objectKey(), versionId, visibility, published, uploadedBy, now, version, deletedAt,
                staticKey, versions);
    }
}
