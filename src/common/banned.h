/*
 * banned.h: libc functions assure code must not call, made compile errors.
 * Each has a bounded or reentrant replacement: assure_buf or assure_strlcpy
 * for string building, assure_strtonum for numbers, gmtime_r for time.
 */
#ifndef ASSURE_BANNED_H
#define ASSURE_BANNED_H

#define BANNED(f) sorry_##f##_is_banned_in_assure

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef gets
#define gets(x) BANNED(gets)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)

#endif
