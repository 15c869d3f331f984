/* provider.h — recognising which server wrote a reply: Gmail, Microsoft
 * 365, Yahoo, Postfix, Exim, OpenSMTPD. Each provider words the same
 * refusal its own way and adds codes of its own (Gmail's "gsmtp",
 * Microsoft's RESOLVER.ADR.RecipientNotFound and 5.7.606, Yahoo's
 * [TSS04]); `explain` names the provider, says what its own code means
 * and gives the advice that provider's documentation gives.
 *
 * A table of rules in provider.c, each with its public source; pure
 * functions over (pointer, length), like explain.h. */
#ifndef SMTP_PROVIDER_H
#define SMTP_PROVIDER_H

#include "smtp/explain.h"

#include <stddef.h>

struct provider_note {
	const char *provider;  /* "Microsoft 365 (Exchange Online)" */
	const char *own;       /* the provider's own code or mark, as it writes it */
	const char *meaning;   /* what it means, one or two sentences */
	const char *advice;    /* what to do at this provider; NULL: the usual advice */
	const char *source;    /* where the meaning comes from */
};

/* The most specific note for reply R (its codes and its lines), or NULL
 * when nothing in it names a provider. */
const struct provider_note *provider_recognise(const struct explain_reply *r);

/* The rules, for tests: every one must name a provider, a meaning and a
 * source. */
size_t provider_rule_count(void);
const struct provider_note *provider_rule_note(size_t i);

#endif
