using System.Globalization;
using System.Text.RegularExpressions;

namespace MatAssistant.Application.Solving;

/// <summary>
/// The one-line form of a <see cref="SolveQuery"/> that tools and command lines take: <c>half_life</c>, <c>half_life:y</c>,
/// <c>time_when:T=373.15:down</c>, <c>value_at:y@3600</c>, <c>time_to_fraction:c=0.1</c>, <c>depth_where:0.01</c>.
/// Values are in SI units.
/// </summary>
public static partial class SolveQueryText
{
    public const string Syntax = "half_life[:VAR], time_to_fraction:VAR=FRACTION, time_when:VAR=VALUE[:up|down][@x=DEPTH], value_at:VAR@TIME, converted_at:VAR@TIME, peak:VAR, depth_where:FRACTION, value_at_depth:DEPTH[@TIME]";

    public static SolveQuery Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Pattern().Match(text.Trim());
        if (!m.Success)
        {
            throw new RequestException($"query '{text}' is not understood: write {Syntax}.");
        }

        var kind = m.Groups["kind"].Value.ToLowerInvariant();
        var variable = m.Groups["var"].Success && m.Groups["var"].Value.Length > 0 ? m.Groups["var"].Value : null;
        double? number = m.Groups["num"].Success ? Number(m.Groups["num"].Value, text) : null;
        var direction = m.Groups["dir"].Success ? m.Groups["dir"].Value.ToLowerInvariant() : null;
        double? depth = m.Groups["depth"].Success ? Number(m.Groups["depth"].Value, text) : null;
        return kind switch
        {
            "half_life" when number is null => new SolveQuery(kind, variable),
            "peak" when number is null => new SolveQuery(kind, variable),
            "converted_at" when number is { } t => new SolveQuery(kind, variable, Time: t),
            "time_when" when number is { } v && depth is { } x => new SolveQuery(kind, variable, Value: v, Direction: direction, Depth: x),
            "value_at_depth" when variable is not null && double.TryParse(variable, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) => new SolveQuery(kind, Time: number, Depth: x),
            "time_to_fraction" when number is { } f => new SolveQuery(kind, variable, Fraction: f),
            "time_when" when number is { } v => new SolveQuery(kind, variable, Value: v, Direction: direction),
            "value_at" when number is { } t => new SolveQuery(kind, variable, Time: t),
            "depth_where" when number is { } f => new SolveQuery(kind, Fraction: f),
            "depth_where" when variable is not null && double.TryParse(variable, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) => new SolveQuery(kind, Fraction: f),
            _ => throw new RequestException($"query '{text}' is not understood: write {Syntax}."),
        };
    }

    public static string Format(SolveQuery q) => q.Kind switch
    {
        "half_life" => q.Variable is null ? "half_life" : $"half_life:{q.Variable}",
        "time_to_fraction" => string.Create(CultureInfo.InvariantCulture, $"time_to_fraction:{q.Variable}={q.Fraction:R}"),
        "time_when" => string.Create(CultureInfo.InvariantCulture, $"time_when:{q.Variable}={q.Value:R}{(q.Direction is null ? "" : ":" + q.Direction)}{(q.Depth is { } x ? "@x=" + x.ToString("R", CultureInfo.InvariantCulture) : "")}"),
        "value_at" => string.Create(CultureInfo.InvariantCulture, $"value_at:{q.Variable}@{q.Time:R}"),
        "depth_where" => string.Create(CultureInfo.InvariantCulture, $"depth_where:{q.Fraction:R}"),
        "peak" => $"peak:{q.Variable}",
        "converted_at" => string.Create(CultureInfo.InvariantCulture, $"converted_at:{q.Variable}@{q.Time:R}"),
        "value_at_depth" => string.Create(CultureInfo.InvariantCulture, $"value_at_depth:{q.Depth:R}{(q.Time is { } t ? "@" + t.ToString("R", CultureInfo.InvariantCulture) : "")}"),
        _ => q.Kind,
    };

    private static double Number(string value, string text) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
            ? n
            : throw new RequestException($"query '{text}': '{value}' is not a finite number.");

    [GeneratedRegex(@"^(?<kind>half_life|time_to_fraction|time_when|value_at_depth|value_at|converted_at|peak|depth_where)(?::(?<var>[A-Za-z_][\w']*|[-+\d.eE]+))?(?:[=@](?<num>[^:\s@]+))?(?::(?<dir>up|down|either))?(?:@x=(?<depth>[^:\s]+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
