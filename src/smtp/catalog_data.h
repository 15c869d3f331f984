/* catalog_data.h — the catalog's tables, shared by catalog_data.c (which
 * holds them) and catalog.c (which looks them up and searches them).
 * Private to the catalog: everyone else goes through catalog.h. */
#ifndef SMTP_CATALOG_DATA_H
#define SMTP_CATALOG_DATA_H

#include "smtp/catalog.h"

extern const struct cat_code cat_data_codes[];
extern const size_t cat_data_codes_count;
extern const struct cat_enh cat_data_enh[];
extern const size_t cat_data_enh_count;
extern const struct cat_port cat_data_ports[];
extern const size_t cat_data_ports_count;

#endif
