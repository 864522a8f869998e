using System.Globalization;
using System.Text.RegularExpressions;

namespace MatAssistant.Agent.Planning;

/// <summary>
/// Follow-ups that lean on the previous turn of a conversation: "also check X" after a screen screens X (and only X, even
/// after a two-tool explain-and-check turn); "what about at 700 °C?" or "and with Ea = 150 kJ/mol?" after a solve re-runs
/// that problem with the value replaced, and says which value changed. The previous request is read again from its text,
/// so what a follow-up changes is a text substitution the rules then read like any request: no second set of slot rules.
/// </summary>
public static partial class FollowUps
{
    private const string Number = @"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?:\s*\*\s*10\s*\^\s*[-+]?\d+)?";

    /// <summary>True when <paramref name="message"/> opens like a follow-up ("also …", "and with …", "what about …").</summary>
    public static bool Opens(string message) => Opening().IsMatch(RequestParser.Normalize(message));

    /// <summary>
    /// "also check X" (or "what about X?", "and X?") after a turn that checked formulas: a screen of the new formulas,
    /// with a sentence naming the earlier ones. Null when <paramref name="message"/> names no formula, or reads on its own as
    /// a design or a problem to solve.
    /// </summary>
    public static ParsedRequest? Screen(ParsedRequest previous, string message, RequestReader reader)
    {
        if (previous.Intent is not (RequestIntent.Screen or RequestIntent.ExplainAndScreen) || previous.MissingQuestion is not null)
        {
            return null;
        }

        // A request to check formulas that does not open as a follow-up is read the same on its own, without the note.
        if (!Opens(message))
        {
            return null;
        }

        var own = reader.Parse(message);
        if (own.Formulas.Count == 0 || own.Intent is RequestIntent.Design or RequestIntent.Solve)
        {
            return null;
        }

        var earlier = previous.Formulas.Count == 0 ? "" : $" as a follow-up to {string.Join(", ", previous.Formulas)}";
        return own with
        {
            // "also, what do the authors say about it, and check X" keeps its literature half.
            Intent = own.Intent == RequestIntent.ExplainAndScreen ? RequestIntent.ExplainAndScreen : RequestIntent.Screen,
            MissingQuestion = null,
            FollowUpNote = $"Checking {string.Join(", ", own.Formulas)} with the same screen{earlier} (the previous turn's formulas are not re-checked).",
        };
    }

    /// <summary>
    /// A follow-up to a solve that gives new values ("what about at 700 °C?", "and with Ea = 150 kJ/mol?", "for 6 h
    /// instead"): the previous request's text with each value replaced — a named value by its name, a quantity by its kind
    /// (temperature, energy, time, rate, diffusivity, length, share) and, where the earlier text has several of that kind, by
    /// the word before it ("at", "for", "from", "into") — read again. Null when the message gives no value or reads as a
    /// problem of its own; a clarifying question when a value could replace more than one earlier value.
    /// </summary>
    public static ParsedRequest? Solve(ParsedRequest previous, string previousText, string message, RequestReader reader)
    {
        if (previous.Intent != RequestIntent.Solve || previous.Solve is not { } before || previous.MissingQuestion is not null)
        {
            return null;
        }

        var text = RequestParser.Normalize(message);
        var given = Mentions(text).ToList();
        if (given.Count == 0)
        {
            return null;
        }

        // A new problem written out in full ("first-order decay with k = …, how long …") is not a follow-up.
        if (!Opens(message) && (RequestParser.FindTemplate(text) is not null || RequestParser.ParseSolve(text).Equations.Count > 0))
        {
            return null;
        }

        var old = RequestParser.Normalize(previousText);
        var earlier = Mentions(old).ToList();
        var replacements = new List<(Mention Old, Mention New)>();
        var appended = new List<Mention>();
        foreach (var m in given)
        {
            var candidates = m.Name is not null
                ? earlier.Where(e => string.Equals(e.Name, m.Name, StringComparison.Ordinal)).ToList()
                : [];
            if (candidates.Count == 0 && m.Kind is not null)
            {
                candidates = earlier.Where(e => e.Kind == m.Kind).ToList();
                if (candidates.Count > 1 && m.Before is not null)
                {
                    var same = candidates.Where(e => e.Before == m.Before).ToList();
                    candidates = same.Count > 0 ? same : candidates;
                }
            }

            if (candidates.Count > 1)
            {
                return previous with
                {
                    Text = message,
                    FollowUpNote = null,
                    MissingQuestion = $"Which value should {m.Value} replace: {string.Join(" or ", candidates.Select(c => $"\"{c.Value}\""))}? Say, for example, \"{Example(candidates[0], m)}\".",
                };
            }

            if (candidates.Count == 1)
            {
                replacements.Add((candidates[0], m));
            }
            else if (m.Name is not null)
            {
                appended.Add(m);
            }
        }

        if (replacements.Count == 0 && appended.Count == 0)
        {
            return null;
        }

        var changed = old;
        foreach (var (o, n) in replacements.OrderByDescending(r => r.Old.Start))
        {
            changed = changed[..o.Start] + Replacement(o, n) + changed[(o.Start + o.Length)..];
        }

        if (appended.Count > 0)
        {
            changed = changed.TrimEnd('.', '?', '!', ' ') + ", with " + string.Join(" and ", appended.Select(a => a.Value));
        }

        var again = RequestParser.Parse(changed, RequestIntent.Solve);
        if (again.Solve is not { } after)
        {
            return null;
        }

        var words = replacements.Select(r => $"\"{r.Old.Value}\" → \"{r.New.Value}\"").Concat(appended.Select(a => $"added \"{a.Value}\"")).ToList();
        var slots = Differences(before, after);
        var note = $"Re-ran the previous problem with {string.Join(", ", words)}{(slots.Count > 0 ? $" ({string.Join(", ", slots.Select(d => d.Text))})" : " (no value the solver takes changed)")}; everything else as before.";
        return again with { Text = message, ReadFrom = changed, FollowUpNote = note, FollowUpChanged = slots.Select(d => d.Name).ToList() };
    }

    /// <summary>The solver's values that differ between two readings, in SI units: <c>T 1223.15 → 973.15</c>.</summary>
    internal static List<(string Name, string Text)> Differences(SolveSlots before, SolveSlots after)
    {
        static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        var list = new List<(string Name, string Text)>();
        void Compare(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b)
        {
            foreach (var key in a.Keys.Union(b.Keys).Where(k => !list.Any(l => l.Name == k)))
            {
                var had = a.TryGetValue(key, out var x);
                var has = b.TryGetValue(key, out var y);
                if (had && has && !Same(x, y))
                {
                    list.Add((key, $"{key} {F(x)} → {F(y)}"));
                }
                else if (had != has)
                {
                    list.Add((key, has ? $"{key} = {F(y)} (new)" : $"{key} dropped"));
                }
            }
        }

        Compare(before.Parameters, after.Parameters);
        Compare(before.Quantities, after.Quantities);
        Compare(before.InitialValues, after.InitialValues);
        if (before.T1 is { } t1 && after.T1 is { } t2 && !Same(t1, t2))
        {
            list.Add(("t1", $"t1 {F(t1)} → {F(t2)}"));
        }

        if (!before.Queries.SequenceEqual(after.Queries))
        {
            list.Add(("queries", $"asked {string.Join(", ", after.Queries)}"));
        }

        return list;
    }

    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>The new value in the old one's place: "Ea = 150 kJ/mol" for "Ea = 160 kJ/mol", "700 °C" for "950 °C".</summary>
    private static string Replacement(Mention old, Mention given) =>
        old.Name is not null ? $"{old.Name} = {given.Quantity}" : given.Quantity;

    private static string Example(Mention old, Mention given) =>
        (old.Before is null ? "" : old.Before + " ") + given.Value + " instead of " + old.Value;

    /// <summary>A value in a text: where it is, what it is written as, its name ("Ea" in "Ea = 150 kJ/mol"), its kind, the word before it.</summary>
    private sealed record Mention(int Start, int Length, string Value, string Quantity, string? Name, string? Kind, string? Before);

    private static IEnumerable<Mention> Mentions(string text)
    {
        foreach (Match m in Value().Matches(text))
        {
            var unit = m.Groups["u"].Value;
            var kind = Kind(unit);
            var name = m.Groups["name"].Success ? m.Groups["name"].Value : null;
            if (kind is null && name is null)
            {
                continue;
            }

            var start = name is null ? m.Groups["x"].Index : m.Groups["name"].Index;
            var end = m.Groups["u"].Success && unit.Length > 0 ? m.Groups["u"].Index + m.Groups["u"].Length : m.Groups["x"].Index + m.Groups["x"].Length;
            var before = name is null ? PrecedingWord().Match(text[..start]) : Match.Empty;
            var quantity = text[m.Groups["x"].Index..end].Trim();
            yield return new Mention(start, end - start, text[start..end].Trim(), quantity, name, kind, before.Success ? before.Groups[1].Value.ToLowerInvariant() : null);
        }
    }

    private static string? Kind(string unit)
    {
        var u = unit.Trim().ToLowerInvariant();
        return u switch
        {
            "" => null,
            _ when u.StartsWith('°') || u.StartsWith("deg", StringComparison.Ordinal) || u == "k" => "temperature",
            _ when u.Contains("/mol", StringComparison.Ordinal) || u == "ev" => "energy",
            _ when u.Contains("^2/", StringComparison.Ordinal) => "diffusivity",
            _ when u.StartsWith("k/", StringComparison.Ordinal) => "heating rate",
            _ when u.Contains("^-1", StringComparison.Ordinal) || u.StartsWith("1/", StringComparison.Ordinal) || u.StartsWith('/') || u.StartsWith("per ", StringComparison.Ordinal) => "rate",
            "%" or "wt%" or "at%" => "share",
            _ when Regex.IsMatch(u, @"^(?:s|secs?|seconds?|min|mins|minutes?|h|hrs?|hours?|days?)$") => "time",
            _ when Regex.IsMatch(u, @"^(?:m|cm|mm|µm|μm|um|nm)$") => "length",
            _ => null,
        };
    }

    // A value, optionally named ("Ea = 150 kJ/mol"), with its unit. The units are tried longest first (m^2/s before m).
    [GeneratedRegex(@"(?:(?<name>\b[A-Za-z][A-Za-z0-9_]*)\s*=\s*)?(?<x>" + Number + @")\s*(?<u>°\s*[CF]\b|degrees?\s*[CF]\w*|K\s*/\s*(?:min|s|h)\b|K\b(?!\s*/)|kJ\s*/\s*mol|kcal\s*/\s*mol|J\s*/\s*mol|eV\b|(?:c?m|mm|µm|μm|um|nm)\s*\^?2\s*/\s*(?:s|h|min)\b|(?:s|min|h)\s*\^\s*-1|1\s*/\s*(?:s|min|h)\b|/\s*(?:s|min|h)\b|per\s+(?:second|minute|hour|min|s|h|day)\b|wt\s*%|at\s*%|%|(?:seconds?|secs?|s|minutes?|mins?|min|hours?|hrs?|h|days?)\b|(?:cm|mm|µm|μm|um|nm|m)\b)?", RegexOptions.IgnoreCase)]
    private static partial Regex Value();

    [GeneratedRegex(@"\b(at|for|after|from|to|into|in|of|until|by)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PrecedingWord();

    [GeneratedRegex(@"^\s*(?:ok(?:ay)?\b|also\b|and\b|what\s+(?:about|if)\b|how\s+about\b|now\b|then\b|same\b|instead\b|try\b|redo\b|repeat\b|again\b|with\b|at\b|for\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Opening();
}
