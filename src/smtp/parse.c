/* parse.c — RFC 5321 §4.1.2 path syntax: Reverse-path / Forward-path,
 * dot-strings, quoted strings, domains and address literals, with the
 * §4.5.3.1 length limits and RFC 6531 UTF-8. */
#include "smtp/internal.h"

#include <string.h>

bool smtp_valid_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned c = p[i];
		size_t len;
		unsigned cp, min;
		if (c < 0x80) { i++; continue; }
		if (c < 0xc2) return false;
		if (c < 0xe0) { len = 2; cp = c & 0x1f; min = 0x80; }
		else if (c < 0xf0) { len = 3; cp = c & 0x0f; min = 0x800; }
		else if (c < 0xf5) { len = 4; cp = c & 0x07; min = 0x10000; }
		else return false;
		if (i + len > n) return false;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80) return false;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

static int strncasecmp_ascii(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int ca = (unsigned char)a[i], cb = (unsigned char)b[i];
		if (ca >= 'A' && ca <= 'Z') ca += 32;
		if (cb >= 'A' && cb <= 'Z') cb += 32;
		if (ca != cb || ca == 0)
			return ca - cb;
	}
	return 0;
}

static bool is_atext(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	if (c >= 0x80)
		return true; /* RFC 6531 UTF8-non-ascii; validated as UTF-8 */
	return strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL && c != '\0';
}

static bool is_letdig(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

/* Domain = sub-domain *("." sub-domain), each Let-dig [Ldh-str]. */
static bool valid_domain(const char *s, size_t n)
{
	size_t label = 0;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			if (label > 63)
				return false;
			label = 0;
		} else if (is_letdig(c) || c == '-') {
			if (label == 0 && c == '-')
				return false;
			label++;
		} else {
			return false;
		}
	}
	return label > 0 && s[n - 1] != '-' && label <= 63;
}

static bool valid_ipv4(const char *s, size_t n)
{
	int parts = 0;
	size_t i = 0;
	while (i < n) {
		int v = 0, digits = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 4) {
			v = v * 10 + (s[i] - '0');
			i++;
			digits++;
		}
		if (digits == 0 || digits > 3 || v > 255)
			return false;
		parts++;
		if (i < n) {
			if (s[i] != '.' || parts == 4)
				return false;
			i++;
			if (i == n)
				return false;
		}
	}
	return parts == 4;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool valid_ipv6(const char *s, size_t n)
{
	int groups = 0;
	bool compressed = false;
	size_t i = 0;
	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		compressed = true;
		i = 2;
		if (i == n)
			return true;
	} else if (n && s[0] == ':') {
		return false;
	}
	while (i < n) {
		size_t start = i;
		while (i < n && is_hex(s[i]) && i - start < 5)
			i++;
		size_t len = i - start;
		if (i < n && s[i] == '.') {
			/* an IPv4 tail takes two groups */
			if (!valid_ipv4(s + start, n - start))
				return false;
			groups += 2;
			i = n;
			break;
		}
		if (len == 0 || len > 4)
			return false;
		groups++;
		if (i == n)
			break;
		if (s[i] != ':')
			return false;
		i++;
		if (i < n && s[i] == ':') {
			if (compressed)
				return false;
			compressed = true;
			i++;
			if (i == n)
				break;
		} else if (i == n) {
			return false;
		}
	}
	return compressed ? groups < 8 : groups == 8;
}

/* address-literal = "[" ( IPv4 / "IPv6:" IPv6 / General ) "]" */
static bool valid_literal(const char *s, size_t n)
{
	if (n < 3 || s[0] != '[' || s[n - 1] != ']')
		return false;
	s++;
	n -= 2;
	if (n > 5 && !strncasecmp_ascii(s, "IPv6:", 5))
		return valid_ipv6(s + 5, n - 5);
	if (valid_ipv4(s, n))
		return true;
	/* General-address-literal = Standardized-tag ":" 1*dcontent */
	const char *colon = memchr(s, ':', n);
	if (!colon || colon == s)
		return false;
	for (const char *p = s; p < colon; p++)
		if (!is_letdig((unsigned char)*p) && *p != '-')
			return false;
	if (colon + 1 == s + n)
		return false;
	for (const char *p = colon + 1; p < s + n; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 33 || c > 126 || c == '[' || c == ']' || c == '\\')
			return false;
	}
	return true;
}

/* Source route "@one,@two:" — accepted and ignored (RFC 5321 §4.1.2). */
static size_t skip_route(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0 || s[0] != '@')
		return 0;
	while (i < n && s[i] == '@') {
		size_t start = ++i;
		while (i < n && s[i] != ',' && s[i] != ':' && s[i] != '>')
			i++;
		if (i == n || s[i] == '>' || !valid_domain(s + start, i - start))
			return (size_t)-1;
		if (s[i] == ':')
			return i + 1;
		i++; /* ',' */
	}
	return (size_t)-1;
}

enum path_err smtp_parse_path(const char *s, size_t n, size_t *used,
                              struct smtp_path *out)
{
	memset(out, 0, sizeof *out);
	*used = 0;
	if (n == 0 || s[0] != '<')
		return PATH_NO_BRACKETS;
	size_t i = 1;
	if (i < n && s[i] == '>') {
		out->null = true;
		*used = 2;
		return PATH_OK;
	}
	size_t route = skip_route(s + i, n - i);
	if (route == (size_t)-1)
		return PATH_SYNTAX;
	i += route;
	size_t local_start = i;
	if (i < n && s[i] == '"') {
		i++;
		while (i < n && s[i] != '"') {
			unsigned char c = (unsigned char)s[i];
			if (c == '\\') {
				if (i + 1 >= n || (unsigned char)s[i + 1] < 32 ||
				    (unsigned char)s[i + 1] > 126)
					return PATH_SYNTAX;
				i += 2;
			} else if ((c >= 32 && c <= 126) || c >= 0x80) {
				i++;
			} else {
				return PATH_SYNTAX;
			}
		}
		if (i >= n)
			return PATH_SYNTAX;
		i++; /* closing quote */
	} else {
		bool need_atom = true;
		while (i < n) {
			unsigned char c = (unsigned char)s[i];
			if (is_atext(c)) {
				need_atom = false;
				i++;
			} else if (c == '.' && !need_atom) {
				need_atom = true;
				i++;
			} else {
				break;
			}
		}
		if (need_atom)
			return PATH_SYNTAX;
	}
	size_t local_len = i - local_start;
	size_t domain_start = 0, domain_len = 0;
	if (i < n && s[i] == '>') {
		/* only <postmaster> may lack a domain (§4.1.1.3) */
		if (local_len != 10 || strncasecmp_ascii(s + local_start, "postmaster", 10))
			return PATH_SYNTAX;
		out->postmaster = true;
	} else {
		if (i >= n || s[i] != '@')
			return PATH_SYNTAX;
		i++;
		domain_start = i;
		if (i < n && s[i] == '[') {
			while (i < n && s[i] != ']' && s[i] != '>')
				i++;
			if (i >= n || s[i] != ']')
				return PATH_SYNTAX;
			i++;
			domain_len = i - domain_start;
			if (domain_len > SMTP_DOMAIN_MAX)
				return PATH_TOO_LONG;
			if (!valid_literal(s + domain_start, domain_len))
				return PATH_SYNTAX;
		} else {
			while (i < n && s[i] != '>')
				i++;
			domain_len = i - domain_start;
			if (domain_len > SMTP_DOMAIN_MAX)
				return PATH_TOO_LONG;
			if (!valid_domain(s + domain_start, domain_len))
				return PATH_SYNTAX;
		}
		if (i >= n || s[i] != '>')
			return PATH_SYNTAX;
	}
	if (local_len > SMTP_LOCAL_MAX)
		return PATH_TOO_LONG;
	if (i + 1 > SMTP_PATH_MAX)
		return PATH_TOO_LONG;
	size_t alen = local_len + (out->postmaster ? 0 : 1 + domain_len);
	if (alen > SMTP_PATH_MAX)
		return PATH_TOO_LONG;
	memcpy(out->addr, s + local_start, local_len);
	if (!out->postmaster) {
		out->addr[local_len] = '@';
		memcpy(out->addr + local_len + 1, s + domain_start, domain_len);
		out->domain_off = local_len + 1;
	} else {
		out->domain_off = alen;
	}
	out->addr[alen] = '\0';
	out->local_len = local_len;
	for (size_t k = 0; k < alen; k++)
		if ((unsigned char)out->addr[k] >= 0x80)
			out->utf8 = true;
	if (out->utf8 && !smtp_valid_utf8(out->addr, alen))
		return PATH_SYNTAX;
	*used = i + 1;
	return PATH_OK;
}
