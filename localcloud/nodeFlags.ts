/**
 * Node flags the local cloud runs with (`npm start`, and the benches' local clouds). A bounded old
 * space makes V8 collect a big export's or import's garbage as it goes instead of letting the heap
 * grow to its default limit first: the 100,000-person export's RSS growth went from ~200 MB to
 * 77 MB here (with SQLite's 2 MiB page cache). The store keeps its data in SQLite, not the heap, so 384 MB is ample (a
 * 100,000-row import holds ~41 MB of live rows). package.json's `start` repeats these flags; a
 * test keeps the two the same.
 */
export const LOCAL_CLOUD_NODE_FLAGS = ['--max-old-space-size=384'] as const;
