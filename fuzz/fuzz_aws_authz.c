/*
 * fuzz_aws_authz.c: libFuzzer target for the AWS authorization details parser
 * (src/parse/aws_authz.c); the body is fuzz_identity.h.
 */
#define FUZZ_FORMAT	ID_FMT_AWS_AUTHZ
#include "fuzz_identity.h"
