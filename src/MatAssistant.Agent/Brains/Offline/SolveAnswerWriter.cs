using System.Globalization;
using System.Text;
using MatAssistant.Application.Solving;

namespace MatAssistant.Agent.Brains.Offline;

/// <summary>The offline planner's account of a solution: the answers asked for, the key numbers with units, the method and its statistics, the check against a closed form, the defaults used, the plot.</summary>
internal static class SolveAnswerWriter
{
    public static void Write(StringBuilder builder, SolveResult r, (string Name, double Seconds)? userTime = null)
    {
        var timeUnit = r.Units.GetValueOrDefault("t", string.Empty);
        foreach (var answer in r.Answers)
        {
            // A time asked in minutes or hours is answered in them too, with the seconds the solver used beside it.
            var inUserUnit = userTime is { } u && answer.Value is { } v && answer.Unit == "s" && u.Seconds != 1
                ? $" (= {N(v / u.Seconds)} {u.Name})"
                : string.Empty;
            builder.AppendLine(CultureInfo.InvariantCulture, $"**{Capital(answer.Text)}{inUserUnit}.**{(answer.Note is null || answer.Value is not null ? "" : " " + answer.Note)}");
        }

        if (r.Answers.Count > 0)
        {
            builder.AppendLine();
        }

        builder.AppendLine(CultureInfo.InvariantCulture, $"**{r.Title}**, solved from t = {N(r.T0)} to t = {N(r.T1)}{Space(timeUnit)}:");
        builder.AppendLine();
        foreach (var equation in r.Equations)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"- `{equation}`");
        }

        if (r.Parameters.Count > 0)
        {
            builder.AppendLine();
            builder.AppendLine("Parameters: " + string.Join(", ", r.Parameters.Select(p => $"{p.Key} = {N(p.Value)}")) + ".");
        }

        builder.AppendLine();
        if (r.Diffusion is { } && r.FinalProfile is { } final && r.Variables is [var field] && field != "c" && final.TryGetValue(field, out var profile) && r.X is { Count: > 0 } x0)
        {
            // A temperature field (a cooling plate): its two ends at t1, not a penetration depth.
            var unit = r.Units.GetValueOrDefault(field, string.Empty);
            builder.AppendLine(CultureInfo.InvariantCulture, $"At t = {N(r.T1)}{Space(timeUnit)}: {field}(x = 0) = {N(profile[0])}{Space(unit)}, {field}(x = {N(x0[^1])} m) = {N(profile[^1])}{Space(unit)}.");
        }
        else if (r.Diffusion is { } d)
        {
            var x = r.Units.GetValueOrDefault("x", "m");
            // The levels are relative to the initial content (SolutionQueries.Summarize); "half the surface value" is true only when c0 = 0.
            var relative = r.Parameters.GetValueOrDefault("c0") != 0 ? "the excess over the initial content, (c − c0)/(cs − c0), has fallen to a half" : "the concentration has fallen to half of its surface value";
            builder.AppendLine(CultureInfo.InvariantCulture, $"At t = {N(d.Time)}{Space(timeUnit)}, {relative} at a depth of {Depth(d.DepthHalf, x)} and to a tenth at {Depth(d.DepthTenth, x)}.");
            if (d.DiffusionLength is { } length)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"Diffusion length √(D·t) = {Depth(length, x)}; 2√(D·t) = {Depth(2 * length, x)}.");
            }
        }
        else
        {
            builder.AppendLine("| variable | value at t1 |");
            builder.AppendLine("| --- | --- |");
            foreach (var (name, value) in r.Final)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {N(value)}{Space(r.Units.GetValueOrDefault(name, string.Empty))} |");
            }
        }

        builder.AppendLine();
        builder.AppendLine(CultureInfo.InvariantCulture, $"Method: {r.Method} ({(r.Stiff ? "stiff" : "non-stiff")}), {r.Steps} steps ({r.RejectedSteps} rejected), {r.FunctionEvaluations} function evaluations.");
        if (r.Analytic is { } analytic)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"Checked against the closed form {analytic.Formula}: largest difference {analytic.MaxAbsError:G3}.");
        }

        var defaults = r.Assumptions.Where(a => a.Contains("template default", StringComparison.Ordinal)).ToList();
        if (defaults.Count > 0)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"Defaults used (not given in the request): {string.Join("; ", defaults)}.");
        }

        if (r.Ignored.Count > 0)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"Not used by this model: {string.Join(", ", r.Ignored)}.");
        }

        if (r.Plot is { } plot)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"Plot: `{plot}`.");
        }
    }

    // "c at t = …" names a variable: its case stays.
    private static string Capital(string text) => text.Length < 2 || text[1] == ' ' ? text : char.ToUpperInvariant(text[0]) + text[1..];

    // Depths of diffusion are often micrometres: "6E-06 m (0.006 mm)" reads worse than "6 µm".
    private static string Depth(double? depth, string unit) => depth is { } d
        ? $"{N(d)} {unit}" + (unit != "m" ? string.Empty : Math.Abs(d) >= 1e-3 || d == 0 ? $" ({N(d * 1e3)} mm)" : Math.Abs(d) >= 1e-6 ? $" ({N(d * 1e6)} µm)" : $" ({N(d * 1e9)} nm)")
        : "beyond the computed domain";

    private static string Space(string unit) => unit.Length == 0 ? string.Empty : " " + unit;

    private static string N(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
