/* tls.c — OpenSSL server contexts for STARTTLS and implicit TLS, with a
 * self-signed certificate made in memory when none is given. */
#include "net/serve.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>

const char *net_tls_error(char *buf, size_t len)
{
	unsigned long e = ERR_get_error();
	unsigned long last = e;
	/* the last error queued is the most specific */
	while (e) {
		last = e;
		e = ERR_get_error();
	}
	if (last)
		ERR_error_string_n(last, buf, len);
	else
		snprintf(buf, len, "connection closed during the handshake");
	return buf;
}

static int add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ext)
		return -1;
	int ok = X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

/* An EC P-256 key and a certificate for host, valid from an hour ago for a
 * year, with host, localhost and the loopback addresses as names. */
static int make_self_signed(const char *host, EVP_PKEY **pkey_out, X509 **x_out)
{
	EVP_PKEY *pkey = NULL;
	X509 *x = NULL;
	EVP_PKEY_CTX *kctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, NULL);
	if (!kctx || EVP_PKEY_keygen_init(kctx) <= 0 ||
	    EVP_PKEY_CTX_set_ec_paramgen_curve_nid(kctx, NID_X9_62_prime256v1) <= 0 ||
	    EVP_PKEY_keygen(kctx, &pkey) <= 0)
		goto fail;
	x = X509_new();
	if (!x || !X509_set_version(x, 2))
		goto fail;
	unsigned char serial[16];
	if (RAND_bytes(serial, sizeof serial) != 1)
		goto fail;
	serial[0] &= 0x7f; /* positive */
	BIGNUM *bn = BN_bin2bn(serial, sizeof serial, NULL);
	if (!bn || !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x))) {
		BN_free(bn);
		goto fail;
	}
	BN_free(bn);
	if (!X509_gmtime_adj(X509_getm_notBefore(x), -3600) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), 365L * 24 * 3600) ||
	    !X509_set_pubkey(x, pkey))
		goto fail;
	X509_NAME *name = X509_get_subject_name(x);
	if (!X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
	                                (const unsigned char *)"smtpsim (self-signed)", -1, -1, 0) ||
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	                                (const unsigned char *)host, -1, -1, 0) ||
	    !X509_set_issuer_name(x, name))
		goto fail;
	char san[400];
	snprintf(san, sizeof san, "DNS:%s,DNS:localhost,IP:127.0.0.1,IP:::1", host);
	if (add_ext(x, NID_subject_alt_name, san) < 0 ||
	    add_ext(x, NID_basic_constraints, "critical,CA:FALSE") < 0 ||
	    add_ext(x, NID_ext_key_usage, "serverAuth") < 0 ||
	    !X509_sign(x, pkey, EVP_sha256()))
		goto fail;
	EVP_PKEY_CTX_free(kctx);
	*pkey_out = pkey;
	*x_out = x;
	return 0;
fail:
	EVP_PKEY_CTX_free(kctx);
	EVP_PKEY_free(pkey);
	X509_free(x);
	return -1;
}

static void fingerprint(X509 *x, char *fp, size_t fplen)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	size_t at = 0;
	fp[0] = '\0';
	if (!X509_digest(x, EVP_sha256(), md, &n))
		return;
	for (unsigned i = 0; i < n && at + 4 <= fplen; i++)
		at += (size_t)snprintf(fp + at, fplen - at, i ? ":%02X" : "%02X", md[i]);
}

SSL_CTX *net_tls_context(const char *cert, const char *key, const char *host,
                         char *fp, size_t fplen, char *err, size_t errlen)
{
	char why[256];
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	if (!ctx) {
		snprintf(err, errlen, "TLS: %s", net_tls_error(why, sizeof why));
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
	/* idle connections give their TLS buffers back */
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE |
	                      SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	static const unsigned char sid[] = "smtpsim";
	SSL_CTX_set_session_id_context(ctx, sid, sizeof sid - 1);

	if (cert) {
		if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
			snprintf(err, errlen, "cannot use the certificate in %s: %s", cert,
			         net_tls_error(why, sizeof why));
			goto fail;
		}
		if (SSL_CTX_use_PrivateKey_file(ctx, key ? key : cert, SSL_FILETYPE_PEM) != 1) {
			snprintf(err, errlen, "cannot use the key in %s: %s", key ? key : cert,
			         net_tls_error(why, sizeof why));
			goto fail;
		}
		if (SSL_CTX_check_private_key(ctx) != 1) {
			snprintf(err, errlen, "the key in %s does not match the certificate in %s",
			         key ? key : cert, cert);
			goto fail;
		}
		fingerprint(SSL_CTX_get0_certificate(ctx), fp, fplen);
		return ctx;
	}

	EVP_PKEY *pkey;
	X509 *x;
	if (make_self_signed(host, &pkey, &x) < 0) {
		snprintf(err, errlen, "cannot make a self-signed certificate: %s",
		         net_tls_error(why, sizeof why));
		goto fail;
	}
	int ok = SSL_CTX_use_certificate(ctx, x) == 1 && SSL_CTX_use_PrivateKey(ctx, pkey) == 1;
	fingerprint(x, fp, fplen);
	X509_free(x);
	EVP_PKEY_free(pkey);
	if (!ok) {
		snprintf(err, errlen, "TLS: %s", net_tls_error(why, sizeof why));
		goto fail;
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}
