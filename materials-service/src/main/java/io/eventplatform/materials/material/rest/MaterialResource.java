package io.eventplatform.materials.material.rest;

import java.io.InputStream;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.eventplatform.materials.material.IncomingFile;
import io.eventplatform.materials.material.MaterialDraft;
import io.eventplatform.materials.material.MaterialService;
import io.eventplatform.materials.material.ReaderAccess;
import io.eventplatform.materials.material.ReaderResolver;
import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.http.ConditionalGet;
import io.eventplatform.shared.http.SharedCache;
import io.eventplatform.shared.openapi.ApiDocumentFilter;
import io.eventplatform.shared.ratelimit.RateLimited;
import io.eventplatform.shared.ticket.TicketCodec;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * An event's materials: organizers upload (the file is the request body, streamed to S3),
 * version, publish and delete; attendees list and download what their ticket opens.
 */
@Path("/events/{eventId}/materials")
@Tag(name = "Materials")
@Produces(MediaType.APPLICATION_JSON)
public class MaterialResource {

    /** Seconds CloudFront and apps may reuse an anonymous listing (public materials only). */
    static final int PUBLIC_MAX_AGE = 30;

    private final MaterialService materials;
    private final ReaderResolver readers;
    private final SecurityIdentity identity;
    private final JsonWebToken jwt;

    public MaterialResource(MaterialService materials, ReaderResolver readers, SecurityIdentity identity,
            JsonWebToken jwt) {
        this.materials = materials;
        this.readers = readers;
        this.identity = identity;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed(Roles.ORGANIZER)
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "jwt")
    @RateLimited(Uploads.LIMIT)
    @Operation(operationId = "uploadMaterial", summary = "Upload a new material: the file is the body, its media type the Content-Type; "
            + "stored unpublished", description = "Streamed to S3 as it arrives, never buffered whole. Larger files "
            + "than the direct-upload limit use a presigned upload (createUpload).")
    @APIResponse(responseCode = "400", description = "Invalid fields, an empty file or a file name that cannot be stored",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "validation,malformed-request,empty-file,invalid-file-name,upload-interrupted"))
    @APIResponse(responseCode = "411", description = "No Content-Length",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "length-required"))
    @APIResponse(responseCode = "413", description = "Larger than the direct-upload limit: use createUpload",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "payload-too-large"))
    @APIResponse(responseCode = "415", description = "A media type materials may not have",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "unsupported-material-type"))
    @APIResponse(responseCode = "422", description = "The bytes do not hash to the declared sha256",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "checksum-mismatch"))
    @APIResponse(responseCode = "201", description = "Stored unpublished; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MaterialView.class)))
    @APIResponse(responseCode = "429", description = "Too many uploads from this client; retry after Retry-After seconds")
    @RequestBody(description = "The file; its media type is the Content-Type", content = @Content(mediaType = "*/*",
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response upload(@PathParam("eventId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String eventId,
            @QueryParam("title") @NotBlank @Size(max = 200) @Parameter(example = "Keynote slides") String title,
            @QueryParam("description") @Size(max = 2000) String description,
            @QueryParam("visibility") @DefaultValue("attendees")
            @Pattern(regexp = Visibilities.PATTERN, message = Visibilities.MESSAGE) String visibility,
            @QueryParam("fileName") @NotBlank @Size(max = 255) @Parameter(example = "keynote.pdf") String fileName,
            @QueryParam("sha256") @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits")
            @Parameter(description = "Expected hex SHA-256; the upload is refused if the bytes differ") String sha256,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            InputStream body, UriInfo uri) {
        var material = materials.create(eventId, new MaterialDraft(title, description, Visibilities.parse(visibility)),
                new IncomingFile(fileName, contentType, contentLength, sha256, body), jwt.getSubject());
        return Response.created(uri.getAbsolutePathBuilder().path(material.materialId()).build())
                .entity(MaterialView.of(material)).build();
    }

    @GET
    @ConditionalGet
    @SharedCache(maxAge = PUBLIC_MAX_AGE)
    @Parameter(ref = ConditionalGet.PARAMETER)
    @Operation(operationId = "listMaterials", summary = "The event's materials this caller may see",
            description = "Organizers see all; a ticket holder (X-Ticket) the published ones its ticket opens (attendees, "
                    + "and checked_in once checked in); anyone else the published public ones.")
    @APIResponse(responseCode = "200", description = "The materials, newest first")
    @APIResponse(responseCode = "401", description = "A material for attendees needs a ticket; the ticket given is altered, expired or revoked",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "ticket-required,invalid-ticket,ticket-expired,ticket-revoked"))
    @APIResponse(responseCode = "403", description = "A checked_in material before the ticket's holder checked in",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "not-checked-in"))
    public List<MaterialView> list(@PathParam("eventId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String eventId,
            @HeaderParam(TicketCodec.HEADER) String ticket) {
        ReaderAccess reader = reader(eventId, ticket);
        return materials.list(eventId, reader).stream()
                .map(material -> MaterialView.of(material, reader == ReaderAccess.ORGANIZER)).toList();
    }

    @GET
    @Path("/{materialId}")
    @Operation(operationId = "getMaterial", summary = "One material, if this caller may see it",
            description = "The same visibility rules as listMaterials; one this caller may not see is 404 or 403.")
    @APIResponse(responseCode = "200", description = "The material")
    @APIResponse(responseCode = "401", description = "A material for attendees needs a ticket; the ticket given is altered, expired or revoked",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "ticket-required,invalid-ticket,ticket-expired,ticket-revoked"))
    @APIResponse(responseCode = "403", description = "A checked_in material before the ticket's holder checked in",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "not-checked-in"))
    public MaterialView get(@PathParam("eventId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String eventId,
            @PathParam("materialId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String materialId,
            @HeaderParam(TicketCodec.HEADER) String ticket) {
        ReaderAccess reader = reader(eventId, ticket);
        return MaterialView.of(materials.get(eventId, materialId, reader), reader == ReaderAccess.ORGANIZER);
    }

    @GET
    @Path("/{materialId}/download")
    @Operation(operationId = "getMaterialDownloadLink", summary = "A short-lived link to the current bytes",
            description = "A presigned S3 GET, or the CDN for public published materials when a CDN is configured. "
                    + "Fetch the bytes from the link before it expires.")
    @APIResponse(responseCode = "200", description = "The link and what it leads to")
    @APIResponse(responseCode = "401", description = "A material for attendees needs a ticket; the ticket given is altered, expired or revoked",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "ticket-required,invalid-ticket,ticket-expired,ticket-revoked"))
    @APIResponse(responseCode = "403", description = "A checked_in material before the ticket's holder checked in",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "not-checked-in"))
    public DownloadLinkView download(
            @PathParam("eventId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String eventId,
            @PathParam("materialId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String materialId,
            @HeaderParam(TicketCodec.HEADER) String ticket) {
        return DownloadLinkView.of(materials.link(eventId, materialId, reader(eventId, ticket)));
    }

    @PATCH
    @Path("/{materialId}")
    @RolesAllowed(Roles.ORGANIZER)
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "editMaterial", summary = "Change title, description or visibility",
            description = "Only the fields given change; the file and its versions stay.")
    @APIResponse(responseCode = "200", description = "The edited material")
    @APIResponse(responseCode = "409", description = "The material is deleted or changed meanwhile",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "material-deleted,material-changed"))
    public MaterialView edit(@PathParam("eventId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String eventId,
            @PathParam("materialId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String materialId,
            @Valid @NotNull MaterialUpdate update) {
        return MaterialView.of(materials.edit(eventId, materialId,
                new MaterialDraft(update.title(), update.description(), Visibilities.parse(update.visibility()))));
    }

    @DELETE
    @Path("/{materialId}")
    @RolesAllowed(Roles.ORGANIZER)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "deleteMaterial", summary = "Delete (an S3 delete marker: versions stay listed and restorable)",
            description = "Hides the material from everyone but organizers; restoreMaterialVersion brings it back.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("eventId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String eventId,
            @PathParam("materialId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String materialId) {
        materials.delete(eventId, materialId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{materialId}/versions")
    @RolesAllowed(Roles.ORGANIZER)
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "jwt")
    @RateLimited(Uploads.LIMIT)
    @Operation(operationId = "addMaterialVersion", summary = "Replace the file with a new version (the body, streamed); earlier versions stay",
            description = "The new bytes become current; listMaterialVersions shows every earlier one.")
    @APIResponse(responseCode = "400", description = "Invalid fields, an empty file or a file name that cannot be stored",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "validation,malformed-request,empty-file,invalid-file-name,upload-interrupted"))
    @APIResponse(responseCode = "411", description = "No Content-Length",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "length-required"))
    @APIResponse(responseCode = "413", description = "Larger than the direct-upload limit: use createUpload",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "payload-too-large"))
    @APIResponse(responseCode = "415", description = "A media type materials may not have",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "unsupported-material-type"))
    @APIResponse(responseCode = "422", description = "The bytes do not hash to the declared sha256",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "checksum-mismatch"))
    @APIResponse(responseCode = "409", description = "The material is deleted or changed meanwhile",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "material-deleted,material-changed"))
    @APIResponse(responseCode = "201", description = "The material with its new current version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MaterialView.class)))
    @APIResponse(responseCode = "429", description = "Too many uploads from this client; retry after Retry-After seconds")
    @RequestBody(description = "The file; its media type is the Content-Type", content = @Content(mediaType = "*/*",
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response addVersion(
            @PathParam("eventId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String eventId,
            @PathParam("materialId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String materialId,
            @QueryParam("fileName") @NotBlank @Size(max = 255) String fileName,
            @QueryParam("sha256") @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits") String sha256,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            InputStream body) {
        var material = materials.addVersion(eventId, materialId,
                new IncomingFile(fileName, contentType, contentLength, sha256, body), jwt.getSubject());
        return Response.status(Response.Status.CREATED).entity(MaterialView.of(material)).build();
    }

    @GET
    @Path("/{materialId}/versions")
    @RolesAllowed(Roles.ORGANIZER)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "listMaterialVersions", summary = "Every version and delete marker, newest first, with who made it and when",
            description = "The material's history in the versioned bucket.")
    public List<MaterialVersionView> versions(
            @PathParam("eventId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String eventId,
            @PathParam("materialId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String materialId) {
        return materials.versions(eventId, materialId).stream().map(MaterialVersionView::of).toList();
    }

    @POST
    @Path("/{materialId}/versions/{versionId}/restore")
    @RolesAllowed(Roles.ORGANIZER)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "restoreMaterialVersion", summary = "Make an earlier version current again (as a new version; also undeletes)",
            description = "Copies the chosen version on top; history keeps everything.")
    @APIResponse(responseCode = "200", description = "The material with the restored version current")
    @APIResponse(responseCode = "404", description = "No such material or version",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "not-found,version-not-found"))
    @APIResponse(responseCode = "410", description = "The version is a delete marker",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "version-not-found"))
    @APIResponse(responseCode = "409", description = "The material changed meanwhile",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "material-changed"))
    public MaterialView restore(
            @PathParam("eventId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String eventId,
            @PathParam("materialId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String materialId,
            @PathParam("versionId") @Size(min = 1, max = 1024) String versionId) {
        return MaterialView.of(materials.restore(eventId, materialId, versionId, jwt.getSubject()));
    }

    @POST
    @Path("/{materialId}/publish")
    @RolesAllowed(Roles.ORGANIZER)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "publishMaterial", summary = "Show it to attendees (a table write: dashboards and kiosks hear of it)",
            description = "Readers its visibility allows see it from now on.")
    @APIResponse(responseCode = "200", description = "The published material")
    @APIResponse(responseCode = "409", description = "The material is deleted or changed meanwhile",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "material-deleted,material-changed"))
    public MaterialView publish(
            @PathParam("eventId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String eventId,
            @PathParam("materialId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String materialId) {
        return MaterialView.of(materials.publish(eventId, materialId, true));
    }

    @POST
    @Path("/{materialId}/unpublish")
    @RolesAllowed(Roles.ORGANIZER)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "unpublishMaterial", summary = "Hide it from attendees again (and withdraw its CDN copy)",
            description = "Only organizers see it until it is published again.")
    @APIResponse(responseCode = "200", description = "The unpublished material")
    @APIResponse(responseCode = "409", description = "The material is deleted or changed meanwhile",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "material-deleted,material-changed"))
    public MaterialView unpublish(
            @PathParam("eventId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String eventId,
            @PathParam("materialId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String materialId) {
        return MaterialView.of(materials.publish(eventId, materialId, false));
    }

    private ReaderAccess reader(String eventId, String ticket) {
        return readers.resolve(eventId, identity.hasRole(Roles.ORGANIZER), ticket);
    }
}
