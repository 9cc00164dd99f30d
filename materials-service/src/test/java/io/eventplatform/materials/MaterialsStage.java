package io.eventplatform.materials;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketToken;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.StackTestResource;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The world the tests set up and look at underneath the API: events and registrations written
 * through the shared codecs (as registration- and checkin-service write them), tickets signed
 * with the stack's ticket key, and the bucket and table read directly.
 */
final class MaterialsStage {

    static final String BASE = "/api/materials/events/";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private MaterialsStage() {
    }

    static EmbeddedStack stack() {
        return StackTestResource.stack();
    }

    static String organizer() {
        return StackTestResource.token(Roles.ORGANIZER, null);
    }

    /** A published event, written as registration-service writes it. */
    static String newEvent() {
        String eventId = "evt-" + UUID.randomUUID().toString().substring(0, 13);
        Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        EventItem event = new EventItem(eventId, "DevConf", null, "Hall A", start, start.plus(8, ChronoUnit.HOURS),
                "Europe/Berlin", 100, false, start.minus(30, ChronoUnit.DAYS), start, EventItem.EventState.PUBLISHED,
                List.of(), List.of(), 1);
        put(event.toItem());
        return eventId;
    }

    /** A confirmed registration, not checked in: its id. */
    static String confirmedRegistration(String eventId) {
        String registrationId = UUID.randomUUID().toString();
        put(registration(registrationId, eventId, RegistrationStatus.CONFIRMED, null).toItem());
        return registrationId;
    }

    /** Records a check-in on the registration item, as checkin-service does. */
    static void checkIn(String registrationId, String eventId) {
        put(registration(registrationId, eventId, RegistrationStatus.CONFIRMED, Instant.now()).toItem());
    }

    static void cancel(String registrationId, String eventId) {
        put(registration(registrationId, eventId, RegistrationStatus.CANCELLED, null).toItem());
    }

    static String ticket(String registrationId, String eventId) {
        return ticket(registrationId, eventId, RegistrationItem.FIRST_TICKET_VERSION);
    }

    /** A ticket of the given version, signed with the stack's key as registration-service signs it. */
    static String ticket(String registrationId, String eventId, long version) {
        Instant now = Instant.now();
        var keys = stack().ticketKeys().keyPair();
        return TicketCodec.sign(new TicketToken(registrationId, eventId, version, now, now.plus(2, ChronoUnit.DAYS)),
                keys.getPrivate(), TicketCodec.keyId(keys.getPublic()));
    }

    /** Re-issues the ticket as registration-service does: bumps {@code ticket_version}, signs the new version. */
    static String reissue(String registrationId, String eventId) {
        long version = Long.parseLong(stack().dynamoDb().updateItem(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME)
                .key(ItemKeys.registration(registrationId, eventId))
                .updateExpression("SET #tv = if_not_exists(#tv, :first) + :one")
                .expressionAttributeNames(Map.of("#tv", RegistrationItem.TICKET_VERSION))
                .expressionAttributeValues(Map.of(":first", AttributeValue.fromN("1"), ":one", AttributeValue.fromN("1")))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.UPDATED_NEW))
                .attributes().get(RegistrationItem.TICKET_VERSION).n());
        return ticket(registrationId, eventId, version);
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static RequestSpecification asOrganizer() {
        return given().auth().oauth2(organizer());
    }

    /** Uploads through the API (the file is the body) as an organizer. */
    static ValidatableResponse upload(String eventId, byte[] bytes, String contentType, String fileName, String title,
            String visibility) {
        return asOrganizer().contentType(contentType).body(bytes)
                .queryParam("fileName", fileName).queryParam("title", title).queryParam("visibility", visibility)
                .when().post(BASE + eventId + "/materials").then();
    }

    /** Uploads a PDF and returns its material id (asserting 201). */
    static String uploadPdf(String eventId, byte[] bytes, String visibility) {
        return upload(eventId, bytes, "application/pdf", "slides.pdf", "Slides", visibility).statusCode(201)
                .extract().path("materialId");
    }

    static void publish(String eventId, String materialId) {
        asOrganizer().when().post(BASE + eventId + "/materials/" + materialId + "/publish").then().statusCode(200);
    }

    /** GETs a URL (presigned or CDN) over plain HTTP, as a phone would. */
    static HttpResponse<byte[]> fetch(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every S3 version and delete marker whose key starts with {@code prefix}, as "key@version". */
    static List<String> objectVersions(String prefix) {
        var response = stack().s3().listObjectVersions(r -> r.bucket(EmbeddedStack.DEFAULT_BUCKET).prefix(prefix));
        List<String> all = new ArrayList<>();
        response.versions().forEach(v -> all.add(v.key() + "@" + v.versionId()));
        response.deleteMarkers().forEach(m -> all.add(m.key() + "@" + m.versionId() + "(deleted)"));
        return all;
    }

    /** The material item in the table, or null. */
    static MaterialItem materialItem(String eventId, String materialId) {
        var response = stack().dynamoDb().getItem(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME)
                .consistentRead(true).key(ItemKeys.material(materialId, eventId)));
        return response.hasItem() ? MaterialItem.from(response.item()) : null;
    }

    /** Every item of any kind in the table for this event except the event itself. */
    static List<Map<String, AttributeValue>> itemsOfEvent(String eventId) {
        return stack().dynamoDb().scan(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME).consistentRead(true)
                .filterExpression("#e = :e AND #id <> :event")
                .expressionAttributeNames(Map.of("#e", TableSchema.EVENT_ID, "#id", TableSchema.REGISTRATION_ID))
                .expressionAttributeValues(Map.of(":e", AttributeValue.fromS(eventId),
                        ":event", AttributeValue.fromS(ItemKeys.eventHash(eventId)))))
                .items();
    }

    private static RegistrationItem registration(String registrationId, String eventId, RegistrationStatus status,
            Instant checkedInAt) {
        return new RegistrationItem(registrationId, eventId, "Ada Lovelace", registrationId + "@example.org", status,
                Instant.now().minus(1, ChronoUnit.HOURS), Map.of(), checkedInAt, checkedInAt == null ? null : "gate-1",
                checkedInAt != null, checkedInAt == null ? 1 : 2, RegistrationItem.FIRST_TICKET_VERSION, null);
    }

    private static void put(Map<String, AttributeValue> item) {
        stack().dynamoDb().putItem(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME).item(item));
    }
}
