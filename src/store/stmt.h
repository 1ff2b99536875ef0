/*
 * stmt.h: the per-backend statement tables, indexed by enum store_stmt.
 * Only backends include this.
 */
#ifndef ASSURE_STORE_STMT_H
#define ASSURE_STORE_STMT_H

#include "store/store.h"

extern const char *const stmt_sqlite[STMT__MAX];

#endif
