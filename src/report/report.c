/* annals report: one self-contained HTML file — inline SVG charts drawn
 * here, an inline script for sorting and filtering, no network access. */
#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void esc(an_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++) {
        switch (s[i]) {
        case '&': an_buf_puts(b, "&amp;"); break;
        case '<': an_buf_puts(b, "&lt;"); break;
        case '>': an_buf_puts(b, "&gt;"); break;
        case '"': an_buf_puts(b, "&quot;"); break;
        case '\'': an_buf_puts(b, "&#39;"); break;
        default: an_buf_putc(b, s[i]);
        }
    }
}

static void escs(an_buf *b, const char *s)
{
    if (s)
        esc(b, s, strlen(s));
}

static const char *const quad_names[4] = {"verbal cooperation", "material cooperation",
                                          "verbal conflict", "material conflict"};
static const char *const quad_colors[4] = {"#7fbf7b", "#1b7837", "#f4a582", "#b2182b"};

/* A number the way the charts and data- attributes print it. */
static void num(an_buf *b, double v)
{
    if (fabs(v) < 0.05)
        v = 0;
    an_buf_printf(b, "%.1f", v);
}

#define CW 760
#define CH 240
#define ML 56
#define MR 16
#define MT 16
#define MB 40

static double xpos(size_t i, size_t n)
{
    double w = CW - ML - MR;
    return ML + (w / (double)n) * ((double)i + 0.5);
}

/* Period labels along the x axis: at most ~12. */
static void x_axis(an_buf *b, const annals_dyad_series *s, size_t np)
{
    size_t step = np > 12 ? (np + 11) / 12 : 1;
    an_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>", ML,
                  CH - MB, CW - MR, CH - MB);
    for (size_t i = 0; i < np; i += step)
        an_buf_printf(b,
                      "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>",
                      xpos(i, np), CH - MB + 16, s->rows[2 * i].period);
}

static double ymap(double v, double lo, double hi)
{
    return MT + (hi - v) / (hi - lo) * (CH - MT - MB);
}

static void y_ticks(an_buf *b, double lo, double hi)
{
    double t[3] = {lo, 0, hi};
    for (int k = 0; k < 3; k++) {
        if (k != 1 && fabs(t[k]) < 1e-9)
            continue;
        double y = ymap(t[k], lo, hi);
        an_buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>", ML,
                      y, CW - MR, y);
        an_buf_printf(b, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">", ML - 6,
                      y + 4);
        num(b, t[k]);
        an_buf_puts(b, "</text>");
    }
}

static void goldstein_chart(an_buf *b, const annals_dyad_series *s, const char *dyad)
{
    size_t np = s->nrows / 2;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < s->nrows; i++) {
        if (s->rows[i].goldstein_sum < lo)
            lo = s->rows[i].goldstein_sum;
        if (s->rows[i].goldstein_sum > hi)
            hi = s->rows[i].goldstein_sum;
    }
    if (hi - lo < 1e-9) {
        lo = -1;
        hi = 1;
    }
    an_buf_puts(b, "<figure><figcaption>Goldstein score per period (sum; above 0 cooperation, "
                   "below 0 conflict)</figcaption>");
    an_buf_printf(b, "<svg class=\"chart\" data-chart=\"goldstein\" data-dyad=\"");
    escs(b, dyad);
    an_buf_printf(b, "\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Goldstein per period\">",
                  CW, CH);
    y_ticks(b, lo, hi);
    x_axis(b, s, np);
    static const char *const colors[2] = {"#2166ac", "#d6604d"};
    for (int dir = 1; dir >= 0; dir--) {
        char name[80];
        snprintf(name, sizeof name, "%s->%s", dir ? s->a : s->b, dir ? s->b : s->a);
        an_buf_puts(b, "<g data-series=\"");
        escs(b, name);
        an_buf_printf(b, "\" fill=\"%s\" stroke=\"%s\"><polyline fill=\"none\" points=\"",
                      colors[1 - dir], colors[1 - dir]);
        for (size_t i = 0; i < np; i++) {
            const annals_dyad_row *r = &s->rows[2 * i + (dir ? 0 : 1)];
            an_buf_printf(b, "%s%.1f,%.1f", i ? " " : "", xpos(i, np),
                          ymap(r->goldstein_sum, lo, hi));
        }
        an_buf_puts(b, "\"/>");
        for (size_t i = 0; i < np; i++) {
            const annals_dyad_row *r = &s->rows[2 * i + (dir ? 0 : 1)];
            an_buf_printf(b, "<circle r=\"3\" cx=\"%.1f\" cy=\"%.1f\" data-period=\"%s\" "
                             "data-value=\"",
                          xpos(i, np), ymap(r->goldstein_sum, lo, hi), r->period);
            num(b, r->goldstein_sum);
            an_buf_printf(b, "\" data-events=\"%lu\"><title>", r->events);
            escs(b, name);
            an_buf_printf(b, " %s: ", r->period);
            num(b, r->goldstein_sum);
            an_buf_printf(b, " (%lu events)</title></circle>", r->events);
        }
        an_buf_puts(b, "</g>");
    }
    an_buf_puts(b, "</svg><div class=\"legend\">");
    for (int dir = 1; dir >= 0; dir--) {
        an_buf_printf(b, "<span><i style=\"background:%s\"></i>", colors[1 - dir]);
        escs(b, dir ? s->a : s->b);
        an_buf_puts(b, " &#8594; ");
        escs(b, dir ? s->b : s->a);
        an_buf_puts(b, "</span>");
    }
    an_buf_puts(b, "</div></figure>\n");
}

static void quad_chart(an_buf *b, const annals_dyad_series *s, const char *dyad)
{
    size_t np = s->nrows / 2;
    unsigned long max = 0;
    for (size_t i = 0; i < np; i++) {
        unsigned long t = s->rows[2 * i].scored + s->rows[2 * i + 1].scored;
        if (t > max)
            max = t;
    }
    if (!max)
        max = 1;
    double bw = (double)(CW - ML - MR) / (double)np * 0.7;
    an_buf_puts(b, "<figure><figcaption>Events per period by quad class (both "
                   "directions)</figcaption>");
    an_buf_puts(b, "<svg class=\"chart\" data-chart=\"quads\" data-dyad=\"");
    escs(b, dyad);
    an_buf_printf(b, "\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Events by quad class\">",
                  CW, CH);
    an_buf_printf(b, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%lu</text>",
                  ML - 6, ymap((double)max, 0, (double)max) + 4, max);
    an_buf_printf(b, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">0</text>",
                  ML - 6, ymap(0, 0, (double)max) + 4);
    x_axis(b, s, np);
    double *base = an_calloc(np ? np : 1, sizeof *base);
    if (!base) {
        b->failed = 1;
        return;
    }
    for (int q = 0; q < 4; q++) {
        an_buf_printf(b, "<g data-series=\"quad%d\" fill=\"%s\">", q + 1, quad_colors[q]);
        for (size_t i = 0; i < np; i++) {
            unsigned long v = s->rows[2 * i].quad[q] + s->rows[2 * i + 1].quad[q];
            double y0 = ymap(base[i], 0, (double)max);
            double y1 = ymap(base[i] + (double)v, 0, (double)max);
            an_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                             "data-period=\"%s\" data-value=\"%lu\"><title>%s %s: %lu</title></rect>",
                          xpos(i, np) - bw / 2, y1, bw, y0 - y1, s->rows[2 * i].period, v,
                          s->rows[2 * i].period, quad_names[q], v);
            base[i] += (double)v;
        }
        an_buf_puts(b, "</g>");
    }
    an_free(base);
    an_buf_puts(b, "</svg><div class=\"legend\">");
    for (int q = 0; q < 4; q++)
        an_buf_printf(b, "<span><i style=\"background:%s\"></i>%d %s</span>", quad_colors[q],
                      q + 1, quad_names[q]);
    an_buf_puts(b, "</div></figure>\n");
}

static void top_chart(an_buf *b, const annals_dyad_count *c, size_t n)
{
    int rowh = 24, h = (int)n * rowh + 20;
    unsigned long max = n ? c[0].events : 1;
    an_buf_puts(b, "<section><h2>Most active dyads</h2><figure><figcaption>Events between the "
                   "pair, both directions</figcaption>");
    an_buf_printf(b, "<svg class=\"chart\" data-chart=\"top-dyads\" viewBox=\"0 0 %d %d\" "
                     "role=\"img\" aria-label=\"Most active dyads\"><g data-series=\"events\" "
                     "fill=\"#4393c3\">",
                  CW, h);
    for (size_t i = 0; i < n; i++) {
        double w = (double)(CW - 140 - 60) * (double)c[i].events / (double)(max ? max : 1);
        int y = 10 + (int)i * rowh;
        char name[80];
        snprintf(name, sizeof name, "%s-%s", c[i].a, c[i].b);
        an_buf_printf(b, "<text x=\"130\" y=\"%d\" class=\"tick\" text-anchor=\"end\" "
                         "fill=\"#222\">",
                      y + 15);
        escs(b, name);
        an_buf_printf(b, "</text><rect x=\"140\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                         "data-dyad=\"",
                      y + 2, w < 1 ? 1 : w, rowh - 6);
        escs(b, name);
        an_buf_printf(b, "\" data-value=\"%lu\"><title>", c[i].events);
        escs(b, name);
        an_buf_printf(b, ": %lu events</title></rect><text x=\"%.1f\" y=\"%d\" class=\"tick\" "
                         "fill=\"#222\">%lu</text>",
                      c[i].events, 140 + w + 6, y + 15, c[i].events);
    }
    an_buf_puts(b, "</g></svg></figure></section>\n");
}

/* The sentence with the actor and verb texts marked (first occurrence of
 * each, left to right, overlaps dropped). */
static void evidence(an_buf *b, const annals_event *e)
{
    const char *t = e->sentence_text ? e->sentence_text : "";
    size_t n = strlen(t);
    struct {
        size_t s, e;
        const char *cls;
    } m[3];
    int nm = 0;
    const char *parts[3] = {e->source_text, e->verb_text, e->target_text};
    const char *cls[3] = {"src", "verb", "tgt"};
    for (int k = 0; k < 3; k++) {
        if (!parts[k] || !parts[k][0])
            continue;
        const char *p = strstr(t, parts[k]);
        size_t from = 0;
        /* Skip an occurrence that overlaps one already marked. */
        while (p) {
            size_t st = (size_t)(p - t), en = st + strlen(parts[k]);
            int clash = 0;
            for (int j = 0; j < nm; j++)
                if (st < m[j].e && m[j].s < en)
                    clash = 1;
            if (!clash) {
                m[nm].s = st;
                m[nm].e = en;
                m[nm].cls = cls[k];
                nm++;
                break;
            }
            from = st + 1;
            p = from < n ? strstr(t + from, parts[k]) : NULL;
        }
    }
    for (int i = 1; i < nm; i++)
        for (int j = i; j > 0 && m[j].s < m[j - 1].s; j--) {
            __typeof__(m[0]) x = m[j];
            m[j] = m[j - 1];
            m[j - 1] = x;
        }
    size_t at = 0;
    for (int i = 0; i < nm; i++) {
        esc(b, t + at, m[i].s - at);
        an_buf_printf(b, "<mark class=\"%s\">", m[i].cls);
        esc(b, t + m[i].s, m[i].e - m[i].s);
        an_buf_puts(b, "</mark>");
        at = m[i].e;
    }
    esc(b, t + at, n - at);
}

typedef struct table_ctx {
    an_buf *b;
    size_t rows, max;
    int truncated;
} table_ctx;

static int table_row(void *user, const annals_event *e)
{
    table_ctx *c = user;
    an_buf *b = c->b;
    if (c->rows == c->max) {
        c->truncated = 1;
        return 1;
    }
    int quad = e->cameo ? e->cameo->quad : 0;
    an_buf_printf(b, "<tr data-quad=\"%d\"><td>", quad);
    escs(b, e->date ? e->date : "");
    an_buf_puts(b, "</td><td>");
    escs(b, e->source);
    an_buf_puts(b, "</td><td>");
    escs(b, e->target);
    an_buf_puts(b, "</td><td title=\"");
    escs(b, e->cameo ? e->cameo->name : "not a CAMEO code");
    an_buf_puts(b, "\">");
    escs(b, e->code);
    if (e->cameo) {
        an_buf_puts(b, " <small>");
        escs(b, e->cameo->name);
        an_buf_puts(b, "</small>");
    }
    an_buf_printf(b, "</td><td>%s</td><td class=\"num\">", quad ? quad_names[quad - 1] : "");
    if (e->cameo)
        num(b, e->cameo->goldstein);
    an_buf_puts(b, "</td><td class=\"ev\">");
    evidence(b, e);
    an_buf_puts(b, " <small class=\"story\">");
    escs(b, e->story_id);
    an_buf_printf(b, " #%u</small></td></tr>\n", e->sentence);
    c->rows++;
    return b->failed;
}

static annals_status dyad_section(annals_store *s, an_buf *b, const char *a, const char *bb,
                                  const annals_report_options *o, annals_error *err)
{
    char dyad[80];
    snprintf(dyad, sizeof dyad, "%s-%s", a, bb);
    annals_dyad_series *ser = NULL;
    annals_status st = annals_store_dyad(s, a, bb, o->by, o->exact, &ser, err);
    if (st)
        return st;
    an_buf_puts(b, "<section class=\"dyad\" data-dyad=\"");
    escs(b, dyad);
    an_buf_puts(b, "\"><h2>");
    escs(b, a);
    an_buf_puts(b, " &#8596; ");
    escs(b, bb);
    an_buf_printf(b, "</h2><p class=\"note\">%lu events (%s level)", ser->total,
                  o->exact ? "exact actor" : "country");
    if (ser->undated || ser->too_coarse)
        an_buf_printf(b, "; not in the charts: %lu without a date, %lu dated less precisely "
                         "than the period",
                      ser->undated, ser->too_coarse);
    an_buf_puts(b, ".</p>\n");
    if (ser->nrows) {
        goldstein_chart(b, ser, dyad);
        quad_chart(b, ser, dyad);
    } else {
        an_buf_puts(b, "<p class=\"note\">No dated events.</p>\n");
    }
    annals_dyad_series_free(ser);

    size_t max = o->max_events ? o->max_events : 2000;
    an_buf_puts(b, "<div class=\"filters\"><label>Filter <input type=\"search\" "
                   "class=\"filter-text\" placeholder=\"actor, code, words...\"></label> "
                   "<label>Quad <select class=\"filter-quad\"><option value=\"\">all</option>");
    for (int q = 0; q < 4; q++)
        an_buf_printf(b, "<option value=\"%d\">%d %s</option>", q + 1, q + 1, quad_names[q]);
    an_buf_puts(b, "</select></label> <span class=\"shown\"></span></div>\n");
    an_buf_puts(b, "<table class=\"events\" data-dyad=\"");
    escs(b, dyad);
    an_buf_puts(b, "\"><thead><tr><th data-sort=\"text\">Date</th><th data-sort=\"text\">Source"
                   "</th><th data-sort=\"text\">Target</th><th data-sort=\"text\">Event</th>"
                   "<th data-sort=\"text\">Quad</th><th data-sort=\"num\">Goldstein</th>"
                   "<th data-sort=\"text\">Evidence</th></tr></thead><tbody>\n");
    table_ctx tc = {b, 0, max, 0};
    st = annals_store_foreach_event(s, a, bb, o->exact, 1, max + 1, table_row, &tc, err);
    an_buf_puts(b, "</tbody></table>\n");
    if (tc.truncated)
        an_buf_printf(b, "<p class=\"note\">Only the first %zu events are listed.</p>\n", max);
    an_buf_puts(b, "</section>\n");
    return st;
}

static const char k_style[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222;"
    "padding:0 12px}h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid "
    "#ccc}figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}.chart{width:100%;"
    "max-width:760px;height:auto;background:#fafafa;border:1px solid #e4e4e4}.axis{stroke:#888}"
    ".grid{stroke:#ddd}.tick{font-size:11px;fill:#555}.legend span{margin-right:14px;font-size:"
    "12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}"
    "table.events{border-collapse:collapse;width:100%;font-size:13px}table.events th,"
    "table.events td{border-bottom:1px solid #e4e4e4;padding:4px 6px;text-align:left;"
    "vertical-align:top}table.events th{cursor:pointer;background:#f0f0f0;user-select:none}"
    "th.asc:after{content:' \\25B2'}th.desc:after{content:' \\25BC'}td.num{text-align:right}"
    "mark.src{background:#c6dbef}mark.tgt{background:#fddbc7}mark.verb{background:#ffef99}"
    ".note{color:#555}.filters{margin:8px 0}small{color:#666}";

static const char k_script[] =
    "(function(){\n"
    "function filt(sec){var t=sec.querySelector('.filter-text').value.toLowerCase();"
    "var q=sec.querySelector('.filter-quad').value;var rows=sec.querySelectorAll("
    "'table.events tbody tr');var n=0;rows.forEach(function(r){var ok=(!t||r.textContent."
    "toLowerCase().indexOf(t)>=0)&&(!q||r.getAttribute('data-quad')===q);r.hidden=!ok;"
    "if(ok)n++;});var s=sec.querySelector('.shown');s.textContent=n+' of '+rows.length+"
    "' events shown';s.setAttribute('data-shown',n);}\n"
    "function sort(th){var table=th.closest('table');var idx=Array.prototype.indexOf.call("
    "th.parentNode.children,th);var num=th.getAttribute('data-sort')==='num';var dir=th."
    "classList.contains('asc')?-1:1;table.querySelectorAll('th').forEach(function(h){h."
    "classList.remove('asc','desc');});th.classList.add(dir>0?'asc':'desc');var body=table."
    "tBodies[0];var rows=Array.prototype.slice.call(body.rows);rows.sort(function(a,b){var x="
    "a.cells[idx].textContent,y=b.cells[idx].textContent;if(num){x=parseFloat(x);y="
    "parseFloat(y);if(isNaN(x)||isNaN(y))return isNaN(x)-isNaN(y);return (x-y)*dir;}return x."
    "localeCompare(y)*dir;});rows.forEach(function(r){body.appendChild(r);});}\n"
    "document.querySelectorAll('section.dyad').forEach(function(sec){sec.querySelector("
    "'.filter-text').addEventListener('input',function(){filt(sec);});sec.querySelector("
    "'.filter-quad').addEventListener('change',function(){filt(sec);});sec.querySelectorAll("
    "'th[data-sort]').forEach(function(th){th.addEventListener('click',function(){sort(th);"
    "});});filt(sec);});\n"
    "})();\n";

static int split_dyad(const char *d, char *a, char *b)
{
    const char *dash = strchr(d, '-');
    if (!dash || dash == d || !dash[1] || dash - d >= 32 || strlen(dash + 1) >= 32)
        return -1;
    snprintf(a, 32, "%.*s", (int)(dash - d), d);
    snprintf(b, 32, "%s", dash + 1);
    return 0;
}

annals_status annals_report_write(annals_store *s, FILE *out, const annals_report_options *opt,
                                  annals_error *err)
{
    annals_error dummy;
    if (!err)
        err = &dummy;
    memset(err, 0, sizeof *err);
    if (!s || !out) {
        an_err_set(err, ANNALS_ERR_ARG, "", 0, 0, "annals_report_write: NULL argument");
        return ANNALS_ERR_ARG;
    }
    annals_report_options o;
    memset(&o, 0, sizeof o);
    if (opt)
        o = *opt;
    for (size_t i = 0; i < o.ndyads; i++) {
        char a[32], b[32];
        if (!o.dyads || !o.dyads[i] || split_dyad(o.dyads[i], a, b)) {
            an_err_set(err, ANNALS_ERR_ARG, "", 0, 0,
                       "dyad '%s' must be two actor codes joined by '-', e.g. SUN-CHN",
                       o.dyads && o.dyads[i] ? o.dyads[i] : "(null)");
            return ANNALS_ERR_ARG;
        }
    }
    annals_dyad_count *top = NULL;
    size_t ntop = 0;
    size_t want = o.top_dyads ? o.top_dyads : 10;
    annals_status st = annals_store_top_dyads(s, o.exact, want < 3 ? 3 : want, &top, &ntop, err);
    if (st)
        return st;
    long long nstories = annals_store_count_stories(s, err);
    long long nevents = nstories < 0 ? -1 : annals_store_count_events(s, err);
    if (nevents < 0) {
        annals_dyad_counts_free(top);
        return err->code ? err->code : ANNALS_ERR_DB;
    }
    an_buf b;
    an_buf_init(&b);
    const char *title = o.title ? o.title : "annals report";
    an_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width\">"
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                    "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
                    "<title>");
    escs(&b, title);
    an_buf_printf(&b, "</title><style>%s</style></head><body>\n<h1>", k_style);
    escs(&b, title);
    an_buf_printf(&b, "</h1><p class=\"note\">%lld stories, %lld events, generated by annals %s"
                      " from <code>",
                  nstories, nevents, annals_version());
    escs(&b, s->name);
    an_buf_puts(&b, "</code>. Periods: ");
    an_buf_puts(&b, o.by == ANNALS_PERIOD_MONTH ? "months" : o.by == ANNALS_PERIOD_QUARTER ? "quarters" : "years");
    an_buf_puts(&b, ".</p>\n");
    top_chart(&b, top, ntop < want ? ntop : want);
    if (o.ndyads) {
        for (size_t i = 0; st == ANNALS_OK && i < o.ndyads; i++) {
            char a[32], bb[32];
            split_dyad(o.dyads[i], a, bb);
            st = dyad_section(s, &b, a, bb, &o, err);
        }
    } else {
        for (size_t i = 0; st == ANNALS_OK && i < ntop && i < 3; i++)
            st = dyad_section(s, &b, top[i].a, top[i].b, &o, err);
    }
    annals_dyad_counts_free(top);
    an_buf_printf(&b, "<script>%s</script>\n</body></html>\n", k_script);
    if (st == ANNALS_OK && b.failed) {
        an_err_set(err, ANNALS_ERR_NOMEM, "", 0, 0, "out of memory");
        st = ANNALS_ERR_NOMEM;
    }
    if (st == ANNALS_OK && fwrite(b.p, 1, b.len, out) != b.len) {
        an_err_set(err, ANNALS_ERR_IO, "", 0, 0, "cannot write the report");
        st = ANNALS_ERR_IO;
    }
    an_buf_free(&b);
    return st;
}
