#ifndef REGIOND_CLIBPQ_SHIM_H
#define REGIOND_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
