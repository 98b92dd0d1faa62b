package memlab.report;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import memlab.lab.LabResult;
import memlab.lab.Row;

/**
 * report.html: one self-contained page for a run, to open in any browser with no network. Per lab:
 * its question, lesson and seed's figure, the headline table (every metric one click away), what
 * happened to each variant, the result, the charts as inline SVG, and links to the lab's JSON and
 * CSV beside the page; then the environment it ran on. Styles are inline; nothing is fetched.
 *
 * <p>Written by hand rather than by a template engine: the page is one fixed shape, every text
 * goes through {@link #escape}, and the only markup not built here is XChart's SVG.
 */
final class HtmlReport {

    /** What the page needs of one lab beyond its result: its charts, drawn, and its data files' names. */
    record LabPage(LabResult result, List<Charts.Drawn> charts, List<String> dataFiles) {
    }

    private HtmlReport() {
    }

    static String render(List<LabPage> labs, RunEnvironment environment) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>memlab report</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<header>\n<h1>memlab report</h1>\n<p>").append(labs.size()).append(labs.size() == 1 ? " lab" : " labs")
                .append(", run as <code>").append(escape(environment.facts().get("Command"))).append("</code>. ")
                .append("Every figure was measured on this run. Colours: <span class=\"side heap\">heap</span> ")
                .append("<span class=\"side ffm\">ffm</span> <span class=\"side jnr\">jnr</span>; in charts a leak ")
                .append("is a solid line or a full bar, its fix dashed or pale.</p>\n</header>\n");

        html.append("<nav id=\"contents\">\n<h2>Contents</h2>\n<ol>\n");
        for (LabPage lab : labs) {
            LabResult result = lab.result();
            html.append("<li><a href=\"#").append(anchor(result)).append("\">").append(escape(Tables.heading(result)))
                    .append("</a><br><span class=\"question\">").append(escape(result.question())).append("</span></li>\n");
        }
        html.append("</ol>\n<p><a href=\"#environment\">Environment</a>: what this run ran on.</p>\n</nav>\n<main>\n");

        for (LabPage lab : labs) {
            section(html, lab);
        }

        html.append("<section id=\"environment\">\n<h2>Environment</h2>\n<dl>\n");
        environment.facts().forEach((name, value) -> html.append("<dt>").append(escape(name)).append("</dt><dd>")
                .append(escape(value)).append("</dd>\n"));
        html.append("</dl>\n</section>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void section(StringBuilder html, LabPage lab) {
        LabResult result = lab.result();
        html.append("<section class=\"lab\" id=\"").append(anchor(result)).append("\">\n");
        html.append("<h2>").append(escape(Tables.heading(result))).append("</h2>\n");
        html.append("<p class=\"question\"><strong>Question:</strong> ").append(escape(result.question())).append("</p>\n");
        html.append("<p class=\"lesson\">").append(escape(result.lesson())).append("</p>\n");
        html.append("<p class=\"seed\"><strong>Seed ").append(escape(result.seed())).append(":</strong> ")
                .append(escape(result.seedFigure())).append("</p>\n");
        html.append("<p class=\"params\">").append(result.params().entrySet().stream()
                .map(e -> "<code>" + escape(e.getKey() + "=" + e.getValue()) + "</code>")
                .collect(Collectors.joining(" "))).append("</p>\n");

        boolean headline = !result.headline().isEmpty();
        table(html, result, headline ? Tables.headlineTable(result) : Tables.fullTable(result), "results");
        if (headline) {
            html.append("<details>\n<summary>Every metric</summary>\n");
            table(html, result, Tables.fullTable(result), "all-metrics");
            html.append("</details>\n");
        }
        List<String> notes = Tables.notes(result);
        if (!notes.isEmpty()) {
            html.append("<ul class=\"notes\">\n");
            notes.forEach(note -> html.append("<li>").append(escape(note)).append("</li>\n"));
            html.append("</ul>\n");
        }
        if (!result.machine().isEmpty()) {
            html.append("<div class=\"machine\"><p><strong>On this machine</strong></p>\n<ul>\n");
            result.machine().forEach((label, finding) -> html.append("<li><strong>").append(escape(label))
                    .append(":</strong> ").append(escape(finding)).append("</li>\n"));
            html.append("</ul>\n</div>\n");
        }
        html.append("<p class=\"result\"><strong>Result:</strong> ").append(escape(result.reading())).append("</p>\n");

        int n = 0;
        for (Charts.Drawn chart : lab.charts()) {
            String id = anchor(result) + "-" + chart.name();
            html.append("<figure class=\"chart\" id=\"").append(id).append("\">\n")
                    .append(chart.svg(id + "-" + n++ + "-")).append('\n')
                    .append("<figcaption>").append(escape(chart.key())).append("</figcaption>\n</figure>\n");
        }
        html.append("<p class=\"data\">Data: ").append(lab.dataFiles().stream()
                .map(file -> "<a href=\"" + escape(file) + "\">" + escape(file) + "</a>")
                .collect(Collectors.joining(" · "))).append("</p>\n</section>\n");
    }

    /** The table with each row marked by its side, so the side's colour runs down its edge. */
    private static void table(StringBuilder html, LabResult result, Tables.Table table, String kind) {
        html.append("<div class=\"scroll\"><table class=\"").append(kind).append("\">\n<thead><tr>");
        for (int c = 0; c < table.header().size(); c++) {
            html.append(c < table.textColumns() ? "<th>" : "<th class=\"num\">").append(escape(table.header().get(c)))
                    .append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < table.cells().size(); r++) {
            Row row = result.rows().get(r);
            html.append("<tr class=\"").append(row.side().id()).append("\">");
            List<String> cells = table.cells().get(r);
            for (int c = 0; c < cells.size(); c++) {
                html.append(c < table.textColumns() ? "<td>" : "<td class=\"num\">").append(escape(cells.get(c)))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table></div>\n");
    }

    /** "lab-05-leak": the section's id, from the same stem as the lab's files. */
    static String anchor(LabResult result) {
        return "lab-" + Charts.fileStem(result);
    }

    /** Text as HTML: the five characters that could start markup or end an attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The side colours are the charts' (see {@link Charts}). */
    private static final String STYLE = """
            :root { --heap: #0072B2; --ffm: #D55E00; --jnr: #009E73; --ink: #1b1b1b; --muted: #5b5b5b; }
            body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
                   max-width: 1000px; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
            h1 { margin-bottom: .2rem; }
            h2 { border-bottom: 2px solid #ddd; padding-bottom: .2rem; margin-top: 2.5rem; }
            code { font: 14px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: #f3f3f3;
                   padding: 0 .2rem; }
            nav ol { padding-left: 1.5rem; }
            nav li { margin-bottom: .3rem; }
            .question { color: var(--muted); }
            p.question { font-size: 1.1rem; color: var(--ink); }
            .lesson, .seed, .params, .notes, .machine, .data { color: var(--muted); }
            .result { background: #f4f8fb; border-left: 4px solid var(--heap); padding: .6rem .9rem; font-size: 1.05rem; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; margin: 1rem 0; font-size: 14px; }
            th, td { padding: .25rem .6rem; border-bottom: 1px solid #e3e3e3; text-align: left; white-space: nowrap; }
            th { background: #fafafa; }
            .num { text-align: right; font-variant-numeric: tabular-nums; }
            tr.heap td:first-child { border-left: 5px solid var(--heap); }
            tr.ffm td:first-child { border-left: 5px solid var(--ffm); }
            tr.jnr td:first-child { border-left: 5px solid var(--jnr); }
            .side { font-weight: 600; padding: 0 .3rem; color: #fff; border-radius: 3px; }
            .side.heap { background: var(--heap); } .side.ffm { background: var(--ffm); } .side.jnr { background: var(--jnr); }
            details { margin-bottom: 1rem; }
            figure.chart { margin: 1.5rem 0; }
            figure.chart svg { width: 100%; height: auto; display: block; }
            figcaption { color: var(--muted); font-size: 14px; text-align: center; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
            dt { font-weight: 600; }
            dd { margin: 0; }
            """;
}
