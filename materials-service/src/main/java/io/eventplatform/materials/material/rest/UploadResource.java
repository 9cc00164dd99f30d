package io.eventplatform.materials.material.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.eventplatform.materials.material.MaterialDraft;
import io.eventplatform.materials.material.UploadService;
import io.eventplatform.materials.material.UploadService.UploadIntent;
import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.openapi.ApiDocumentFilter;
import io.eventplatform.shared.ratelimit.RateLimited;
import io.eventplatform.shared.item.MaterialItem.Visibility;

/** Large files: a presigned PUT straight to S3, then a confirm that checks and records it. */
@Path("/events/{eventId}/uploads")
@Tag(name = "Presigned uploads")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ORGANIZER)
@SecurityRequirement(name = "jwt")
public class UploadResource {

    private final UploadService uploads;
    private final JsonWebToken jwt;

    public UploadResource(UploadService uploads, JsonWebToken jwt) {
        this.uploads = uploads;
        this.jwt = jwt;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(Uploads.LIMIT)
    @Operation(operationId = "createUpload", summary = "Start an upload: a presigned PUT URL for a new material or a new version",
            description = "For files too large to send through the API: PUT the bytes to the returned URL with the "
                    + "returned headers, then call confirmUpload.")
    @APIResponse(responseCode = "201", description = "Where and how to PUT the file",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UploadTicketView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields or a file name that cannot be stored",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "validation,malformed-request,invalid-file-name"))
    @APIResponse(responseCode = "413", description = "Larger than materials may be",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "payload-too-large"))
    @APIResponse(responseCode = "415", description = "A media type materials may not have",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "unsupported-material-type"))
    @APIResponse(responseCode = "409", description = "The material is deleted",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "material-deleted"))
    @APIResponse(responseCode = "429", description = "Too many uploads from this client; retry after Retry-After seconds")
    public Response start(@PathParam("eventId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String eventId,
            @Valid @NotNull UploadRequest request) {
        Visibility visibility = request.visibility() == null ? Visibility.ATTENDEES
                : Visibilities.parse(request.visibility());
        var started = uploads.start(eventId, new UploadIntent(request.materialId(),
                new MaterialDraft(request.title(), request.description(), visibility), request.fileName(),
                request.contentType(), request.size(), request.sha256()), jwt.getSubject());
        return Response.status(Response.Status.CREATED).entity(UploadTicketView.of(started)).build();
    }

    @POST
    @Path("/{uploadId}/confirm")
    @Operation(operationId = "confirmUpload", summary = "Confirm a finished PUT: checks size, type and SHA-256, then records the material",
            description = "Nothing is recorded if the uploaded object differs from what createUpload declared.")
    @APIResponse(responseCode = "201", description = "The material (new, or with its new version)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MaterialView.class)))
    @APIResponse(responseCode = "404", description = "No such upload at this event",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "not-found,upload-not-found"))
    @APIResponse(responseCode = "409", description = "Nothing was uploaded yet, or the material changed meanwhile",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "upload-incomplete,material-deleted,material-changed"))
    @APIResponse(responseCode = "422", description = "The uploaded object differs from what was declared",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "checksum-mismatch,upload-mismatch"))
    public Response confirm(@PathParam("eventId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String eventId,
            @PathParam("uploadId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String uploadId) {
        return Response.status(Response.Status.CREATED).entity(MaterialView.of(uploads.confirm(eventId, uploadId)))
                .build();
    }
}
