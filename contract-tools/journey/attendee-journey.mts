// The mobile app's attendee journey, run through clients generated from the platform's live OpenAPI
// documents (openapi-typescript types + openapi-fetch), against a running platform's gateway.
// It stops with exit code 1 at the first answer that is not the one the journey expects.
//
//   GATEWAY=http://127.0.0.1:8080 ORGANIZER_TOKEN=... STAFF_TOKEN=... node target/journey/journey/attendee-journey.mjs
//
// The organizer's set-up (an event with a gate, two materials) goes through the same clients; the
// attendee part uses no token but the ticket it is given.
import createClient from "openapi-fetch";
import type { paths as RegistrationPaths } from "../target/generated/registration.js";
import type { paths as CheckinPaths } from "../target/generated/checkin.js";
import type { paths as MaterialsPaths } from "../target/generated/materials.js";

const gateway = required("GATEWAY");
const organizer = { Authorization: `Bearer ${required("ORGANIZER_TOKEN")}` };
const staff = { Authorization: `Bearer ${required("STAFF_TOKEN")}` };

const registration = createClient<RegistrationPaths>({ baseUrl: gateway });
const checkin = createClient<CheckinPaths>({ baseUrl: gateway });
const materials = createClient<MaterialsPaths>({ baseUrl: gateway });

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

/** The answer's data when its status is the expected one; anything else ends the journey. */
function expect<T>(step: string, status: number, answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.response.status !== status) {
    throw new Error(`${step}: expected ${status}, got ${answer.response.status} ${JSON.stringify(answer.error ?? answer.data)}`);
  }
  return answer.data as T;
}

/**
 * A field the journey needs. The documents' response schemas list no required properties yet, so
 * the generated types make every field optional: a missing one ends the journey here.
 */
function present<T>(step: string, value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) {
    throw new Error(`${step}: the answer has no ${what}`);
  }
  return value;
}

function check(step: string, condition: boolean, detail: string): void {
  if (!condition) {
    throw new Error(`${step}: ${detail}`);
  }
}

function done(step: string, detail: string): void {
  console.log(`STEP ${step} ok: ${detail}`);
}

async function download(step: string, url: string): Promise<string> {
  const response = await fetch(url);
  check(step, response.status === 200, `download answered ${response.status}`);
  return await response.text();
}

async function upload(eventId: string, title: string, visibility: string, text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const created = expect("setup-upload", 201, await materials.POST("/api/materials/events/{eventId}/materials", {
    params: { path: { eventId }, query: { title, visibility, fileName: `${title}.txt` } },
    headers: { ...organizer, "Content-Type": "text/plain" },
    // The document types a binary body as a string; the bytes go as they are.
    body: bytes as unknown as string,
    bodySerializer: (body) => body as unknown as BodyInit,
  }));
  expect("setup-publish-material", 200, await materials.POST("/api/materials/events/{eventId}/materials/{materialId}/publish", {
    params: { path: { eventId, materialId: present("setup-upload", created.materialId, "materialId") } },
    headers: organizer,
  }));
  return present("setup-upload", created.materialId, "materialId");
}

async function main(): Promise<void> {
  // Set-up by an organizer: a published event with one gate, a public and a checked_in material.
  const now = Date.now();
  const day = 24 * 3600 * 1000;
  const created = expect("setup-event", 201, await registration.POST("/api/registration/events", {
    headers: organizer,
    body: {
      name: `Journey ${now}`, venue: "Hall J", timeZone: "Europe/Berlin", capacity: 5, waitlistEnabled: false,
      startsAt: new Date(now + 10 * day).toISOString(), endsAt: new Date(now + 10 * day + 8 * 3600 * 1000).toISOString(),
      registrationOpensAt: new Date(now - day).toISOString(), registrationClosesAt: new Date(now + 9 * day).toISOString(),
      gates: ["main"],
    },
  }));
  const eventId = present("setup-event", created.id, "id");
  expect("setup-publish-event", 200, await registration.POST("/api/registration/events/{eventId}/publish", {
    params: { path: { eventId } },
    headers: organizer,
  }));
  const venueMap = "Hall J is on the first floor.\n";
  const slides = "Slides for those who came.\n";
  const publicId = await upload(eventId, "Venue map", "public", venueMap);
  const checkedInId = await upload(eventId, "Slides", "checked_in", slides);
  done("setup", `event ${eventId}, materials ${publicId} (public) and ${checkedInId} (checked_in)`);

  // 1. List events; the listing revalidates with its ETag.
  const listing = await registration.GET("/api/registration/events");
  const events = expect("list-events", 200, listing);
  check("list-events", events.some((e) => e.id === eventId), "the new event is listed");
  const etag = listing.response.headers.get("ETag");
  check("list-events", etag !== null, "the listing has an ETag");
  const again = await registration.GET("/api/registration/events", { headers: { "If-None-Match": etag! } });
  check("list-events", again.response.status === 304, `If-None-Match answered ${again.response.status}, not 304`);
  done("list-events", `${events.length} events, ETag ${etag} revalidates with 304`);

  // 2. Register with an Idempotency-Key; a retry with the same key gets the same registration.
  const key = `journey-${now}`;
  const register = () => registration.POST("/api/registration/events/{eventId}/registrations", {
    params: { path: { eventId: eventId }, header: { "Idempotency-Key": key } },
    body: { name: "Ada Lovelace", email: `ada+${now}@example.org` },
  });
  const receipt = expect("register", 201, await register());
  const registered = present("register", receipt.registration, "registration");
  const registrationId = present("register", registered.registrationId, "registrationId");
  const ticketToken = present("register", receipt.ticket, "ticket");
  const retried = expect("register", 201, await register());
  check("register", retried.registration?.registrationId === registrationId, "the retry answered the same registration");
  check("register", registered.status === "confirmed", `status ${registered.status}`);
  const ticket = { "X-Ticket": ticketToken };
  done("register", `registration ${registrationId}, replayed by its Idempotency-Key`);

  // 3. Read the ticket.
  const mine = expect("read-ticket", 200, await registration.GET("/api/registration/tickets/me", { headers: ticket }));
  check("read-ticket", mine.registrationId === registrationId, "the ticket's registration");
  done("read-ticket", `status ${mine.status}`);

  // 4. The QR code, a PNG.
  const qr = await registration.GET("/api/registration/tickets/me/qr.png", {
    params: { query: { scale: 4 } }, headers: ticket, parseAs: "arrayBuffer",
  });
  const png = new Uint8Array(expect("qr-png", 200, qr) as ArrayBuffer);
  const magic = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  check("qr-png", magic.every((byte, i) => png[i] === byte), "the body starts with PNG's signature");
  done("qr-png", `${png.length} bytes of PNG`);

  // 5. Materials before check-in: the public one downloads, the checked_in one is refused.
  const before = expect("materials-public", 200, await materials.GET("/api/materials/events/{eventId}/materials", {
    params: { path: { eventId: eventId } }, headers: ticket,
  }));
  check("materials-public", before.map((m) => m.materialId).join() === publicId, "only the public material is listed");
  const publicLink = expect("materials-public", 200, await materials.GET(
    "/api/materials/events/{eventId}/materials/{materialId}/download",
    { params: { path: { eventId: eventId, materialId: publicId } }, headers: ticket }));
  check("materials-public", await download("materials-public", present("materials-public", publicLink.url, "url")) === venueMap,
    "the public bytes");
  expect("materials-public", 403, await materials.GET("/api/materials/events/{eventId}/materials/{materialId}/download", {
    params: { path: { eventId: eventId, materialId: checkedInId } }, headers: ticket,
  }));
  done("materials-public", `downloaded via ${publicLink.via}; checked_in refused before check-in`);

  // 6. Staff check the attendee in at the event's gate.
  const scan = expect("check-in", 200, await checkin.POST("/api/checkin/events/{eventId}/scans", {
    params: { path: { eventId: eventId } }, headers: staff,
    body: { ticket: ticketToken, gate: "main" },
  }));
  check("check-in", scan.outcome === "checked_in", `outcome ${scan.outcome}`);
  done("check-in", `at gate ${scan.gate}`);

  // 7. Materials after check-in: the checked_in one is listed and downloads.
  const after = expect("materials-checked-in", 200, await materials.GET("/api/materials/events/{eventId}/materials", {
    params: { path: { eventId: eventId } }, headers: ticket,
  }));
  check("materials-checked-in", after.length === 2, `${after.length} materials listed`);
  const slidesLink = expect("materials-checked-in", 200, await materials.GET(
    "/api/materials/events/{eventId}/materials/{materialId}/download",
    { params: { path: { eventId: eventId, materialId: checkedInId } }, headers: ticket }));
  check("materials-checked-in",
    await download("materials-checked-in", present("materials-checked-in", slidesLink.url, "url")) === slides, "the slides' bytes");
  done("materials-checked-in", `downloaded via ${slidesLink.via}`);

  // 8. Cancel. Once checked in a registration can no longer be cancelled (409 already-checked-in);
  // a companion who registered and did not come cancels, and the ticket then reads as cancelled.
  const refused = await registration.POST("/api/registration/tickets/me/cancel", { headers: ticket });
  check("cancel", refused.response.status === 409 && refused.error?.type?.endsWith("/already-checked-in") === true,
    `cancelling after check-in answered ${refused.response.status} ${JSON.stringify(refused.error)}`);
  const companion = expect("cancel", 201, await registration.POST("/api/registration/events/{eventId}/registrations", {
    params: { path: { eventId }, header: { "Idempotency-Key": `${key}-companion` } },
    body: { name: "Charles Babbage", email: `charles+${now}@example.org` },
  }));
  const companionTicket = { "X-Ticket": present("cancel", companion.ticket, "ticket") };
  const cancelled = expect("cancel", 200, await registration.POST("/api/registration/tickets/me/cancel", {
    headers: companionTicket,
  }));
  check("cancel", cancelled.status === "cancelled", `status ${cancelled.status}`);
  const afterCancel = expect("cancel", 200, await registration.GET("/api/registration/tickets/me", { headers: companionTicket }));
  check("cancel", afterCancel.status === "cancelled", `the ticket reads ${afterCancel.status}`);
  done("cancel", "a checked-in registration is kept (409), the companion's is cancelled");
  console.log("JOURNEY complete");
}

// Exit as soon as the journey ends: idle keep-alive sockets must not hold the process open.
main().then(() => process.exit(0), (error: unknown) => {
  console.error(`JOURNEY failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
