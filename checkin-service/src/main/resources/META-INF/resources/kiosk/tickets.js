// Offline ticket check: the kiosk holds the JWKS of GET /api/checkin/ticket-keys and verifies a
// ticket's ES256 signature with WebCrypto (ECDSA P-256), its issuer, event and expiry, as the
// service does. It cannot see the ticket's version: a revoked (re-issued) ticket with a valid
// signature is admitted offline, and the sync later reports it (docs/websocket-protocol.md).
const ISSUER = 'event-platform/tickets';
const CLOCK_SKEW_SECONDS = 60;
const keyCache = new Map();

function base64UrlBytes(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
  return bytes;
}

export function base64UrlJson(text) {
  return JSON.parse(new TextDecoder().decode(base64UrlBytes(text)));
}

async function publicKey(jwk) {
  if (!keyCache.has(jwk.kid)) {
    keyCache.set(jwk.kid, crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']));
  }
  return keyCache.get(jwk.kid);
}

/**
 * The verdict on a ticket: {valid: true, registrationId} or {valid: false, outcome, reason}, with
 * the outcomes the service would answer (invalid_ticket, ticket_expired, wrong_event).
 */
export async function verifyTicket(token, eventId, jwks, nowMillis = Date.now()) {
  const invalid = (reason) => ({ valid: false, outcome: 'invalid_ticket', reason });
  const parts = (token || '').trim().split('.');
  if (parts.length !== 3) { return invalid('not a ticket code'); }
  let header;
  let claims;
  let signature;
  try {
    header = base64UrlJson(parts[0]);
    claims = base64UrlJson(parts[1]);
    signature = base64UrlBytes(parts[2]);
  } catch (e) {
    return invalid('not a ticket code');
  }
  if (header.alg !== 'ES256') { return invalid('not signed with ES256'); }
  const jwk = ((jwks && jwks.keys) || []).find((key) => key.kid === header.kid);
  if (!jwk) { return invalid('not signed by a current ticket key'); }
  let genuine = false;
  try {
    genuine = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, await publicKey(jwk), signature,
      new TextEncoder().encode(parts[0] + '.' + parts[1]));
  } catch (e) {
    genuine = false;
  }
  if (!genuine || claims.iss !== ISSUER || !claims.sub) { return invalid('altered or not issued by us'); }
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS < nowMillis / 1000) {
    return { valid: false, outcome: 'ticket_expired', reason: 'its event is over' };
  }
  if (claims.evt !== eventId) { return { valid: false, outcome: 'wrong_event', reason: 'ticket for another event' }; }
  return { valid: true, registrationId: claims.sub };
}
