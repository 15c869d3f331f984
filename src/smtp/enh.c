/* enh.c — the one parser of enhanced status codes (RFC 3463 §2):
 * class "." subject "." detail. */
#include "smtp/smtp.h"

static int enh_part(const char *s, const char **end)
{
	int v = 0, n = 0;
	while (s[n] >= '0' && s[n] <= '9') {
		if (n == 3)
			return -1;
		v = v * 10 + (s[n] - '0');
		n++;
	}
	*end = s + n;
	return n ? v : -1;
}

bool smtp_enh_parse(const char *s, bool x_ok, int *cls, int *subject, int *detail)
{
	if (!s || !s[0] || s[1] != '.')
		return false;
	int c;
	if (s[0] == '2' || s[0] == '4' || s[0] == '5')
		c = s[0] - '0';
	else if (x_ok && (s[0] == 'X' || s[0] == 'x'))
		c = 0;
	else
		return false;
	const char *p;
	int subj = enh_part(s + 2, &p);
	if (subj < 0 || *p != '.')
		return false;
	int det = enh_part(p + 1, &p);
	if (det < 0 || *p)
		return false;
	if (cls)
		*cls = c;
	if (subject)
		*subject = subj;
	if (detail)
		*detail = det;
	return true;
}

