using System.Globalization;
using System.Text;
using MatAssistant.Agent.Plugins;

namespace MatAssistant.Agent.Brains.Offline;

/// <summary>The offline planner's account of a solution: the key numbers with units, the method and its statistics, the check against a closed form, the plot.</summary>
internal static class SolveAnswerWriter
{
    public static void Write(StringBuilder builder, SolveToolResult r)
    {
        var timeUnit = r.Units.GetValueOrDefault("t", string.Empty);
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
        if (r.Diffusion is { } d)
        {
            var x = r.Units.GetValueOrDefault("x", "m");
            builder.AppendLine(CultureInfo.InvariantCulture, $"At t = {N(d.Time)}{Space(timeUnit)}, the concentration has fallen to half of its surface value at a depth of {Depth(d.DepthHalf, x)} and to a tenth at {Depth(d.DepthTenth, x)}.");
            if (d.AtDepth is { } at && d.ValueAtDepth is { } value)
            {
                var unit = r.Units.GetValueOrDefault("c", string.Empty);
                builder.AppendLine(CultureInfo.InvariantCulture, $"At x = {N(at)} {x} the concentration is {N(value)}{(unit.Length == 0 || unit.Contains("concentration", StringComparison.OrdinalIgnoreCase) || unit.Contains("any", StringComparison.Ordinal) ? " (in the units of cs)" : " " + unit)}.");
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
        if (r.AnalyticFormula is { } formula && r.AnalyticMaxError is { } error)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"Checked against the closed form {formula}: largest difference {error:G3}.");
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

    private static string Depth(double? depth, string unit) => depth is { } d ? $"{N(d)} {unit}" + (unit == "m" ? $" ({N(d * 1e3)} mm)" : string.Empty) : "beyond the computed domain";

    private static string Space(string unit) => unit.Length == 0 ? string.Empty : " " + unit;

    private static string N(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
