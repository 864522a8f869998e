using System.Globalization;
using System.Text.RegularExpressions;

namespace MatAssistant.Agent.Planning;

/// <summary>
/// The parts of a word problem that the equation reader does not see: rate constants with their time units ("k = 2.1e-3
/// per minute"), half-lives and time constants that fix a rate, the derived question asked ("how long to 25 %
/// remaining", "when does it reach 400 K", "the depth where it falls to 1 %") and the values a template cannot do without.
/// </summary>
internal static partial class SolveQuestions
{
    private const string Num = @"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?";

    /// <summary>Seconds in a time unit as written; null when the word is not one.</summary>
    internal static double? Seconds(string unit) => unit.Trim().ToLowerInvariant() switch
    {
        "s" or "sec" or "secs" or "second" or "seconds" => 1,
        "min" or "mins" or "minute" or "minutes" => 60,
        "h" or "hr" or "hrs" or "hour" or "hours" => 3600,
        "d" or "day" or "days" => 86400,
        _ => null,
    };

    private static string UnitName(double seconds) => seconds switch { 60 => "min", 3600 => "h", 86400 => "days", _ => "s" };

    public static SolveSlots Complete(string text, SolveSlots slots)
    {
        if (slots.Template is not { } template)
        {
            return slots;
        }

        var parameters = slots.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        double? userTime = null;

        var rate = Rate().Match(text);
        if (rate.Success && Seconds(rate.Groups["u"].Value) is { } perUnit)
        {
            parameters["k"] = Parse(rate.Groups["x"].Value) / perUnit;
            userTime = perUnit;
        }

        var halfLife = HalfLifeGiven().Match(text);
        if (halfLife.Success && Seconds(halfLife.Groups["u"].Value) is { } hlUnit && template == "nth-order")
        {
            parameters["k"] = Math.Log(2) / (Parse(halfLife.Groups["x"].Value) * hlUnit);
            parameters["n"] = 1;
            userTime = hlUnit;
        }

        var tau = TimeConstant().Match(text);
        if (tau.Success && Seconds(tau.Groups["u"].Value) is { } tauUnit)
        {
            parameters["k"] = 1 / (Parse(tau.Groups["x"].Value) * tauUnit);
            userTime = tauUnit;
        }

        if (FirstOrder().IsMatch(text) && template == "nth-order")
        {
            parameters["n"] = 1;
        }
        else if (SecondOrder().IsMatch(text) && template == "nth-order")
        {
            parameters.TryAdd("n", 2);
        }

        var queries = new List<string>();
        var variable = template switch { "jmak" => "X", "newton-cooling" or "heat-slab" => "T", _ => "c" };
        var growth = template == "jmak";
        foreach (Match m in Remaining().Matches(text))
        {
            var f = Parse(m.Groups["p"].Value) / 100;
            queries.Add(growth ? Format($"time_when:X={1 - f}:up") : Format($"time_to_fraction:{variable}={f}"));
        }

        foreach (Match m in Gone().Matches(text))
        {
            var f = Parse(m.Groups["p"].Value) / 100;
            queries.Add(growth ? Format($"time_when:X={f}:up") : Format($"time_to_fraction:{variable}={1 - f}"));
        }

        if (HalfLifeAsked().IsMatch(text) && !halfLife.Success)
        {
            queries.Add("half_life");
        }

        if (template == "fick")
        {
            foreach (Match m in DepthFraction().Matches(text))
            {
                queries.Add(Format($"depth_where:{Parse(m.Groups["p"].Value) / 100}"));
            }

            if (HalfDepth().IsMatch(text))
            {
                queries.Add("depth_where:0.5");
            }
        }

        foreach (Match m in Reach().Matches(text))
        {
            var value = Parse(m.Groups["x"].Value) + (m.Groups["c"].Success ? 273.15 : 0);
            queries.Add(Format($"time_when:T={value}:down"));
        }

        var t1 = slots.T1;
        if (t1 is null && parameters.TryGetValue("k", out var k) && k > 0 && template is "nth-order" or "jmak" or "newton-cooling")
        {
            // Long enough for the question asked to be reached: ten characteristic times, more for a small fraction.
            var c0 = parameters.GetValueOrDefault("c0", 1);
            var n = parameters.GetValueOrDefault("n", 1);
            var scale = template == "nth-order" && n != 1 ? 1 / (k * Math.Pow(c0, n - 1)) * 100 : 10 / k;
            t1 = scale;
        }

        return slots with
        {
            Parameters = parameters,
            T1 = t1,
            Queries = queries.Distinct(StringComparer.Ordinal).ToList(),
            TimeUnit = userTime is { } u ? (UnitName(u), u) : slots.TimeUnit,
        };
    }

    /// <summary>One question naming what the template needs and the request did not give; null when nothing is missing.</summary>
    public static string? Missing(string text, SolveSlots slots)
    {
        var p = slots.Parameters;
        var q = slots.Quantities;
        return slots.Template switch
        {
            "fick" when !q.ContainsKey("D") && !p.ContainsKey("D") =>
                "What is the diffusion coefficient D (in m²/s or cm²/s) at this temperature? Or give D0 and the activation energy Q, so that D = D0·exp(−Q/(R·T)). I will not assume one.",
            "jmak" when !p.ContainsKey("k") =>
                "What is the JMAK rate constant k (in 1/s), or a measured pair such as the time to 50 % transformed? The Avrami exponent alone does not fix the kinetics, and I will not assume a default k.",
            "nth-order" when !p.ContainsKey("k") =>
                "What is the rate constant k (with its units, e.g. 0.15 L/(mol·min) or 2e-3 per minute)?",
            "nth-order" when p.GetValueOrDefault("n", 2) != 1 && !p.ContainsKey("c0") && !q.ContainsKey("c0") =>
                "What is the initial concentration c0 (e.g. [A]0 = 0.4 mol/L)? For a reaction that is not first order, the half-life t1/2 = 1/(k·c0) for second order depends on it.",
            "arrhenius" when !p.ContainsKey("Ea") && !q.ContainsKey("Ea") =>
                "What is the activation energy Ea (e.g. 120 kJ/mol), or a second rate constant at another temperature? One rate constant at one temperature does not fix the temperature dependence, and I will not assume a default Ea.",
            "newton-cooling" when !p.ContainsKey("k") && !p.ContainsKey("h") =>
                "What is the cooling constant k (in 1/s), or the thermal time constant τ (k = 1/τ)?",
            _ => null,
        };
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\b(?:k|rate constant|rate coefficient)\s*(?:=|of|is)?\s*(?<x>" + Num + @")\s*(?:(?:per|/|1/)\s*(?<u>seconds?|s|sec|minutes?|min|hours?|hr|h|days?)\b|(?<u>s|min|h)\s*\^\s*-1|(?:L|dm\^3|M\^-1)\s*/\s*\(\s*mol\s*[·*. ]?\s*(?<u>s|min|h)\s*\))", RegexOptions.IgnoreCase)]
    private static partial Regex Rate();

    [GeneratedRegex(@"\bhalf[- ]life\s*(?:of|=|is)\s*(?<x>" + Num + @")\s*(?<u>seconds?|s|minutes?|min|hours?|h|days?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HalfLifeGiven();

    [GeneratedRegex(@"\btime constant\s*(?:of|=|is|τ\s*=)?\s*(?<x>" + Num + @")\s*(?<u>seconds?|s|minutes?|min|hours?|h)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TimeConstant();

    [GeneratedRegex(@"\bfirst[- ]order\b|\b1st[- ]order\b", RegexOptions.IgnoreCase)]
    private static partial Regex FirstOrder();

    [GeneratedRegex(@"\bsecond[- ]order\b|\b2nd[- ]order\b", RegexOptions.IgnoreCase)]
    private static partial Regex SecondOrder();

    [GeneratedRegex(@"(?<p>\d+(?:\.\d+)?)\s*%\s*(?:is\s+)?(?:remaining|remains|left)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Remaining();

    [GeneratedRegex(@"(?<p>\d+(?:\.\d+)?)\s*%\s*(?:is\s+|of it is\s+)?(?:gone|consumed|decomposed|converted|reacted|complete|completed|transformed|done)\b|\bto\s+(?<p>\d+(?:\.\d+)?)\s*%\s*(?:\?|$|conversion|transformed)", RegexOptions.IgnoreCase)]
    private static partial Regex Gone();

    [GeneratedRegex(@"\bhalf[- ]?li(?:fe|ves)\b|\bt\s*1/2\b|\bt½|\bhalf of it (?:is )?(?:consumed|gone)", RegexOptions.IgnoreCase)]
    private static partial Regex HalfLifeAsked();

    [GeneratedRegex(@"(?:down|falls?|drops?|decreases?)\s+to\s+(?<p>\d+(?:\.\d+)?)\s*%|(?<p>\d+(?:\.\d+)?)\s*%\s+of\s+the\s+surface", RegexOptions.IgnoreCase)]
    private static partial Regex DepthFraction();

    [GeneratedRegex(@"\bwhere is it half\b|\bhalf (?:of )?the surface (?:value|concentration)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HalfDepth();

    [GeneratedRegex(@"\b(?:reach(?:es)?|(?:is\s+)?below|(?:drops?|falls?|cools?)\s+(?:to|below))\s+(?<x>" + Num + @")\s*(?:(?<c>°\s*C|degrees? C)|K\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Reach();
}
