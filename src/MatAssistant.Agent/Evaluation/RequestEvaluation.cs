using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MatAssistant.Agent.Answers;
using MatAssistant.Application.Design;
using MatAssistant.Chemistry;

namespace MatAssistant.Agent.Evaluation;

/// <summary>One realistic request of a request set (format in ../shared/eval/README.md).</summary>
/// <param name="Id">The request's id.</param>
/// <param name="Category">faq, design, solve or explain.</param>
/// <param name="Request">What the user wrote.</param>
/// <param name="Expect">The machine-checkable expectations, as JSON.</param>
public sealed record RequestCase(string Id, string Category, string Request, JsonElement Expect);

/// <summary>How one request fared: each failed check in words.</summary>
public sealed record RequestOutcome(RequestCase Case, bool Passed, IReadOnlyList<string> Failures, double Milliseconds, string Answer);

/// <summary>Requests passed per category.</summary>
public sealed record CategoryScore(string Category, int Requests, int Passed)
{
    public double Share => Requests == 0 ? 0 : Passed / (double)Requests;
}

/// <summary>
/// Judges the assistant's answers to realistic requests with the checks of ../shared/eval/README.md: tools called,
/// documents cited, strings and numbers in the answer, the candidates of a design (count, elements, element count, anion),
/// refusal when the corpus does not cover a question, and a clarifying question instead of a silent default. What the
/// README leaves to a human judge (the <c>note</c>: property windows, prototypes, truthful novelty) is not scored here.
/// </summary>
public static partial class RequestEvaluation
{
    private static readonly Dictionary<string, string> ToolKinds = new(StringComparer.Ordinal)
    {
        ["retrieve"] = "literature_retrieve",
        ["generate"] = "compositions_generate",
        ["screen"] = "compositions_screen",
        ["solve"] = "equations_solve",
    };

    /// <summary>What a clarifying question may call a parameter instead of its symbol.</summary>
    private static readonly Dictionary<string, string[]> Meanings = new(StringComparer.Ordinal)
    {
        ["k"] = ["rate constant", "rate coefficient"],
        ["c0"] = ["initial concentration", "starting concentration"],
        ["Ea"] = ["activation energy"],
        ["Q"] = ["activation energy"],
        ["D"] = ["diffusion coefficient", "diffusivity"],
        ["D0"] = ["pre-exponential", "prefactor"],
        ["n"] = ["avrami exponent", "exponent"],
        ["h"] = ["heat transfer coefficient", "heat-transfer coefficient"],
        ["T"] = ["temperature"],
        ["t1"] = ["end time", "how long", "until what time"],
    };

    private static readonly string[] RefusalPhrases =
    [
        "does not cover", "do not cover", "doesn't cover", "does not appear to cover", "not covered", "does not report", "do not report",
        "doesn't report", "does not mention", "do not mention", "no passage", "not in the corpus", "does not say", "do not say",
    ];

    public static IReadOnlyList<RequestCase> Read(string path) => JsonLines.Read(path, "request case", root => new RequestCase(
        root.GetProperty("id").GetString()!,
        root.TryGetProperty("category", out var category) ? category.GetString() ?? "other" : "other",
        root.GetProperty("request").GetString()!,
        root.TryGetProperty("expect", out var expect) ? expect.Clone() : default));

    /// <summary>
    /// True when the request continues the previous one ("ok, also check …", "what about …"): the evaluation then asks it in
    /// the same conversation, as a user would.
    /// </summary>
    public static bool IsFollowUp(string request) => FollowUp().IsMatch(request);

    /// <summary>Every failed check of <paramref name="answer"/> against the case's expectations; empty when it passes.</summary>
    public static IReadOnlyList<string> Judge(RequestCase c, AssistantAnswer answer)
    {
        var failures = new List<string>();
        if (c.Expect.ValueKind != JsonValueKind.Object)
        {
            return failures;
        }

        var text = answer.Answer;
        var called = answer.ToolCalls.Select(t => t.Tool).ToHashSet(StringComparer.Ordinal);
        if (c.Expect.TryGetProperty("tools", out var tools))
        {
            foreach (var kind in tools.EnumerateArray().Select(t => t.GetString()!))
            {
                if (!called.Contains(ToolKinds.GetValueOrDefault(kind, kind)))
                {
                    failures.Add($"no {kind} call (called: {(called.Count == 0 ? "none" : string.Join(", ", called))})");
                }
            }
        }

        if (c.Expect.TryGetProperty("documents", out var documents))
        {
            var prefixes = documents.EnumerateArray().Select(d => d.GetString()!).ToList();
            if (!answer.Citations.Any(cite => prefixes.Any(p => cite.Document.StartsWith(p, StringComparison.Ordinal))))
            {
                failures.Add($"no citation of {string.Join("/", prefixes)} (cited: {string.Join(", ", answer.Citations.Select(x => x.Document[..Math.Min(3, x.Document.Length)]).Distinct())})");
            }
        }

        if (c.Expect.TryGetProperty("answer_all", out var all))
        {
            foreach (var s in all.EnumerateArray().Select(s => s.GetString()!).Where(s => !text.Contains(s, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"answer lacks \"{s}\"");
            }
        }

        if (c.Expect.TryGetProperty("answer_any", out var any))
        {
            var options = any.EnumerateArray().Select(s => s.GetString()!).ToList();
            if (options.Count > 0 && !options.Any(s => text.Contains(s, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"answer has none of {string.Join(" / ", options.Select(o => $"\"{o}\""))}");
            }
        }

        if (c.Expect.TryGetProperty("numbers", out var numbers))
        {
            var found = Numbers(text);
            foreach (var expected in numbers.EnumerateArray())
            {
                var alternatives = expected[0].ValueKind == JsonValueKind.Number ? [expected] : expected.EnumerateArray().ToList();
                if (!alternatives.Any(a => found.Any(v => Math.Abs(v - a[0].GetDouble()) <= a[1].GetDouble() * Math.Abs(a[0].GetDouble()))))
                {
                    failures.Add($"no number near {string.Join(" or ", alternatives.Select(a => a[0].GetDouble().ToString("G6", CultureInfo.InvariantCulture)))}");
                }
            }
        }

        if (c.Expect.TryGetProperty("refuse", out var refuse) && refuse.ValueKind == JsonValueKind.True
            && !RefusalPhrases.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add("does not say that the documents do not cover this");
        }

        if (c.Expect.TryGetProperty("clarify", out var clarify))
        {
            if (answer.ToolCalls.Any(t => t.Tool == "equations_solve" && t.Ok))
            {
                failures.Add("solved with a default instead of asking");
            }

            foreach (var name in clarify.EnumerateArray().Select(n => n.GetString()!))
            {
                var named = Regex.IsMatch(text, $@"(?<![\w]){Regex.Escape(name)}(?![\w])") || Meanings.GetValueOrDefault(name, []).Any(m => text.Contains(m, StringComparison.OrdinalIgnoreCase));
                if (!named)
                {
                    failures.Add($"does not ask for {name}");
                }
            }
        }

        if (c.Expect.TryGetProperty("candidates", out var candidates))
        {
            failures.AddRange(JudgeCandidates(candidates, answer));
        }

        return failures;
    }

    private static IEnumerable<string> JudgeCandidates(JsonElement expect, AssistantAnswer answer)
    {
        var results = answer.ToolCalls.Select(t => t.Result).OfType<DesignResult>().ToList();
        if (results.Count == 0)
        {
            yield return "no candidates (no design result)";
            yield break;
        }

        var presented = results.SelectMany(r => r.Candidates).DistinctBy(c => c.ReducedFormula).ToList();
        if (expect.TryGetProperty("count", out var count) && count.ValueKind == JsonValueKind.Number && presented.Count != count.GetInt32())
        {
            var explained = presented.Count < count.GetInt32() && results.Any(r => r.Note is not null && r.Delivered < r.Requested) && answer.Answer.Contains("Only ", StringComparison.Ordinal);
            if (!explained)
            {
                yield return $"{presented.Count} candidates, {count.GetInt32()} asked";
            }
        }

        var include = Symbols(expect, "include");
        var exclude = Symbols(expect, "exclude");
        var groups = Groups(expect);
        int? exact = expect.TryGetProperty("element_count", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : null;
        int? max = expect.TryGetProperty("max_element_count", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : null;
        string? anion = expect.TryGetProperty("anion", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        foreach (var c in presented)
        {
            var elements = c.Elements;
            var problems = new List<string>();
            if (include.Where(s => !elements.Contains(s)).ToList() is { Count: > 0 } missing)
            {
                problems.Add($"lacks {string.Join(",", missing)}");
            }

            if (groups.Where(g => !g.Any(elements.Contains)).ToList() is { Count: > 0 } unmet)
            {
                problems.Add($"none of {string.Join(" / ", unmet.Select(g => string.Join(",", g.Take(5)) + (g.Count > 5 ? ",…" : "")))}");
            }

            if (exclude.Where(elements.Contains).ToList() is { Count: > 0 } banned)
            {
                problems.Add($"contains {string.Join(",", banned)}");
            }

            if (exact is { } n && elements.Count != n)
            {
                problems.Add($"{elements.Count} elements, {n} asked");
            }

            if (max is { } k && elements.Count > k)
            {
                problems.Add($"{elements.Count} elements, at most {k} asked");
            }

            if (anion is not null && !IsAnion(c, anion))
            {
                problems.Add($"{anion} is not its anion");
            }

            if (problems.Count > 0)
            {
                yield return $"{c.ReducedFormula}: {string.Join("; ", problems)}";
            }
        }
    }

    private static bool IsAnion(DesignCandidate c, string anion)
    {
        var states = c.Species is { Count: > 0 } species
            ? species.Select(x => (x.Element, x.OxidationState)).ToList()
            : c.OxidationStates?.Select(p => (Element: p.Key, OxidationState: (double)p.Value)).ToList() ?? [];
        if (!states.Any(x => x.Element == anion && x.OxidationState < 0))
        {
            return false;
        }

        var chi = ElementTable.Default[anion].PaulingElectronegativity ?? double.NaN;
        return c.Elements.All(s => s == anion || (ElementTable.Default[s].PaulingElectronegativity ?? double.NegativeInfinity) <= chi);
    }

    private static List<string> Symbols(JsonElement expect, string name) =>
        expect.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];

    /// <summary><c>include_any</c>: a list of symbols is one group; a list of lists is one group per list.</summary>
    private static List<List<string>> Groups(JsonElement expect)
    {
        if (!expect.TryGetProperty("include_any", out var any) || any.ValueKind != JsonValueKind.Array || any.GetArrayLength() == 0)
        {
            return [];
        }

        return any[0].ValueKind == JsonValueKind.Array
            ? any.EnumerateArray().Select(g => g.EnumerateArray().Select(x => x.GetString()!).ToList()).ToList()
            : [any.EnumerateArray().Select(x => x.GetString()!).ToList()];
    }

    /// <summary>Every number written in <paramref name="text"/>: decimals, e-notation, ×10^n, Unicode minus and superscripts.</summary>
    public static IReadOnlyList<double> Numbers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normal = text.Replace('−', '-').Replace('–', '-').Replace("\u2009", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        normal = Superscript().Replace(normal, m => "^" + new string(m.Value.Select(ch => "⁰¹²³⁴⁵⁶⁷⁸⁹⁻".IndexOf(ch, StringComparison.Ordinal) is var i and >= 0 ? "0123456789-"[i] : ch).ToArray()));
        var values = new List<double>();
        foreach (Match match in NumberPattern().Matches(normal))
        {
            if (!double.TryParse(match.Groups["m"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var mantissa))
            {
                continue;
            }

            if (match.Groups["p"].Success && int.TryParse(match.Groups["p"].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var power))
            {
                mantissa *= Math.Pow(10, power);
            }

            values.Add(mantissa);
        }

        return values;
    }

    [GeneratedRegex(@"(?<m>-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?)(?:\s*[×x\*]\s*10\^?\{?(?<p>[-+]?\d+)\}?)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")]
    private static partial Regex Superscript();

    [GeneratedRegex(@"^\s*(?:ok(?:ay)?\b|also\b|and\s+(?:also|now|what)|what\s+about\b|how\s+about\b|now\s+(?:also|check|do)\b|then\b)", RegexOptions.IgnoreCase)]
    private static partial Regex FollowUp();
}
