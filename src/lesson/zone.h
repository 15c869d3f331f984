/* zone.h — the simulated DNS the lessons (and free play) look names up
 * in with `:dig NAME [TYPE]`: before a sending server's first 220 there
 * is an MX lookup (RFC 5321 §5.1), and the learner can make it.
 *
 * A built-in zone describes the world the engine's profiles and scenarios
 * live in (example.com's MX is mx.example.com, example.org publishes SPF
 * and DMARC records that its scenarios enforce, nullmx.example.net a null
 * MX); a lesson may add records of its own ("zone" key), which replace
 * the built-in ones of the same name and type. */
#ifndef LESSON_ZONE_H
#define LESSON_ZONE_H

#include <stdbool.h>
#include <stddef.h>

/* The record types :dig knows. */
bool zone_type_known(const char *type);

/* Check one lesson record, "NAME TYPE VALUE" ("example.com MX 10
 * mx.example.com", "mx.example.com A 192.0.2.25", "example.org TXT
 * v=spf1 -all"); NULL when good, else what is wrong. */
const char *zone_record_problem(const char *rr);

/* Answer ":dig NAME TYPE" (TYPE NULL: MX) from the built-in zone and
 * EXTRA (N lesson records) into OUT, one record or explanation a line,
 * as dig's answer section reads. Returns OUT. */
const char *zone_dig(const char *const *extra, size_t n, const char *name, const char *type,
                     char *out, size_t outlen);

/* NAME as the zone keeps it: lower case, without a trailing dot. */
void zone_name(const char *name, char *out, size_t n);

/* Whether NAME has an address record (a host a client could connect to). */
bool zone_has_address(const char *const *extra, size_t n, const char *name);

#endif
