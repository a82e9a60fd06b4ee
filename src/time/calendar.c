/* Calendar arithmetic for the temporal tagger (proleptic Gregorian). */
#include "time/timex.h"

long an_days_from_civil(int y, int m, int d)
{
    /* Days since 1970-01-01 (Howard Hinnant's algorithm). */
    long yy = (long)y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long mp = (m + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void an_civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long dd = doy - (153 * mp + 2) / 5 + 1;
    long mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

int an_weekday(long z)
{
    long w = (z + 3) % 7; /* 1970-01-01 was a Thursday (3 when Monday is 0) */
    return (int)(w < 0 ? w + 7 : w);
}

int an_days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

int an_iso_week(int y, int m, int d, int *iso_year)
{
    long z = an_days_from_civil(y, m, d);
    int wd = an_weekday(z);
    long thursday = z - wd + 3; /* the Thursday of this ISO week decides its year */
    int ty, tm, td;
    an_civil_from_days(thursday, &ty, &tm, &td);
    long jan1 = an_days_from_civil(ty, 1, 1);
    if (iso_year)
        *iso_year = ty;
    return (int)((thursday - jan1) / 7 + 1);
}

int an_parse_ymd(const char *s, int *y, int *m, int *d)
{
    if (!s)
        return -1;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return -1;
        } else if (!an_isdigit((unsigned char)s[i])) {
            return -1;
        }
    }
    if (s[10] != 0)
        return -1;
    int yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int mm = (s[5] - '0') * 10 + (s[6] - '0');
    int dd = (s[8] - '0') * 10 + (s[9] - '0');
    if (mm < 1 || mm > 12 || dd < 1 || dd > an_days_in_month(yy, mm))
        return -1;
    *y = yy;
    *m = mm;
    *d = dd;
    return 0;
}
