/**
 * The Sift HTTP service, organised by feature: {@code triage} (suggestions for a new ticket),
 * {@code tickets} (live upserts and deletes), {@code admin} (history import over HTTP and the
 * command line, tenant statistics, the demo tenant) and {@code system} (configuration, library
 * wiring, error responses, health).
 *
 * <p>Spring lives only in this package tree; the engine, the index, the embedder and the readers
 * are plain Java.
 */
package dev.sift.service;
