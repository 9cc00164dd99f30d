// The offline queue in IndexedDB: scans admitted while offline, oldest first, each with its own
// requestId and scan time. It survives reloads and closed tabs; entries leave it only once the
// service has answered them.
const DB_NAME = 'kiosk';
const STORE = 'queue';
let opening = null;

function db() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return opening;
}

async function run(mode, work) {
  const database = await db();
  return new Promise((resolve, reject) => {
    const transaction = database.transaction(STORE, mode);
    const result = work(transaction.objectStore(STORE));
    transaction.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
    transaction.onerror = () => reject(transaction.error);
  });
}

/** Adds a scan at the end of the queue. */
export function enqueue(scan) {
  return run('readwrite', (store) => store.add(scan));
}

/** Every queued scan, oldest first. */
export function all() {
  return run('readonly', (store) => store.getAll());
}

/** Removes answered scans by their requestIds. */
export async function remove(requestIds) {
  const wanted = new Set(requestIds);
  const queued = await all();
  return run('readwrite', (store) => {
    queued.filter((scan) => wanted.has(scan.requestId)).forEach((scan) => store.delete(scan.seq));
  });
}
