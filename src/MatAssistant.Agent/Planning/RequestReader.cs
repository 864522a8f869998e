using System.Globalization;

namespace MatAssistant.Agent.Planning;

/// <summary>Who decides a request's intent.</summary>
public enum IntentMode
{
    /// <summary>The rules of <see cref="RequestParser"/> alone (no model).</summary>
    Rules,
    /// <summary>The sentence encoder alone: the nearest exemplars' intent, whatever the rules say (for measuring).</summary>
    Encoder,
    /// <summary>The rules, and the encoder where the rules are unsure or disagree.</summary>
    Combined,
}

/// <summary>How a request's intent was decided.</summary>
/// <param name="Intent">The intent used.</param>
/// <param name="Rules">What the rules made of it.</param>
/// <param name="Vote">The encoder's vote, when it was asked.</param>
/// <param name="ByEncoder">True when the encoder's vote replaced the rules' choice.</param>
public sealed record IntentReading(RequestIntent Intent, RuleReading Rules, IntentVote? Vote, bool ByEncoder)
{
    /// <summary>One sentence for the answer when the encoder decided (how the request was read); null otherwise.</summary>
    public string? Note => ByEncoder && Vote is { } vote
        ? string.Create(CultureInfo.InvariantCulture, $"Read as {Name(Intent)} by the sentence encoder (nearest hand-written exemplars: {IntentEncoder.Describe(vote)}); the wording rules alone were {(Rules.Fired.Count > 1 ? "split between " + string.Join(" and ", Rules.Fired.Select(Name)) : "unsure and would have read it as " + Name(Rules.Intent))}.")
        : null;

    internal static string Name(RequestIntent intent) => intent switch
    {
        RequestIntent.Faq => "a literature question",
        RequestIntent.Design => "a design request",
        RequestIntent.Screen => "a request to check formulas",
        RequestIntent.Solve => "a problem to solve",
        _ => "a literature question with formulas to check",
    };
}

/// <summary>
/// Reads a message into a <see cref="ParsedRequest"/>: the rules decide the intent, and where they are unsure or
/// disagree (<see cref="RuleReading.Sure"/>) a sentence encoder's nearest-exemplar vote may decide instead, among the
/// intents whose signals fired (or all, when none did). The slots are always read by the rules. Without an encoder this is
/// <see cref="RequestParser.Parse(string)"/>.
/// </summary>
public sealed class RequestReader
{
    public RequestReader(IntentEncoder? encoder = null, IntentMode mode = IntentMode.Combined)
    {
        Encoder = encoder;
        Mode = encoder is null ? IntentMode.Rules : mode;
    }

    /// <summary>The rules alone.</summary>
    public static RequestReader RulesOnly { get; } = new();

    public IntentEncoder? Encoder { get; }

    public IntentMode Mode { get; }

    /// <summary>The intent of <paramref name="message"/> and how it was decided.</summary>
    public IntentReading ReadIntent(string message)
    {
        var text = RequestParser.Normalize(message);
        var formulas = RequestParser.FindFormulas(text);
        var rules = RequestParser.ReadIntent(text, formulas);
        // all-MiniLM-L6-v2 is an English model: on Chinese it votes at random (measured: four of four Chinese faqs misread).
        if (Encoder is null || Mode == IntentMode.Rules || (Mode == IntentMode.Combined && (rules.Sure || !MostlyLatin(text))))
        {
            return new IntentReading(rules.Intent, rules, null, false);
        }

        if (Mode == IntentMode.Encoder)
        {
            var alone = Encoder.Vote(text);
            var intent = WithLiterature(alone.Intent, text);
            return new IntentReading(intent, rules, alone, intent != rules.Intent);
        }

        // Disagreeing rules: the encoder picks among what fired. Unsure rules: among all.
        var among = rules.Fired.Count > 1 ? rules.Fired.Select(i => i == RequestIntent.ExplainAndScreen ? RequestIntent.Screen : i).ToHashSet() : null;
        var vote = Encoder.Vote(text, among);
        var chosen = WithLiterature(vote.Intent, text);
        var usable = vote.Confident && chosen != rules.Intent && Admissible(chosen, text, formulas);
        return new IntentReading(usable ? chosen : rules.Intent, rules, vote, usable);
    }

    /// <summary>Reads <paramref name="message"/> with the intent of <see cref="ReadIntent"/>.</summary>
    public ParsedRequest Parse(string message)
    {
        var reading = ReadIntent(message);
        var request = RequestParser.Parse(message, reading.Intent);
        return reading.Note is { } note ? request with { IntentNote = note } : request;
    }

    private static bool MostlyLatin(string text)
    {
        var letters = text.Where(char.IsLetter).ToList();
        return letters.Count == 0 || letters.Count(c => c < '\u0250') >= 0.8 * letters.Count;
    }

    // The exemplars know four intents; a request to check formulas that cites the literature is both.
    private static RequestIntent WithLiterature(RequestIntent intent, string text) =>
        intent == RequestIntent.Screen && RequestParser.MentionsLiterature(text) ? RequestIntent.ExplainAndScreen : intent;

    /// <summary>The encoder's choice must be one the tools can act on: formulas to check, something to solve.</summary>
    private static bool Admissible(RequestIntent intent, string text, IReadOnlyList<string> formulas) => intent switch
    {
        RequestIntent.Screen or RequestIntent.ExplainAndScreen => formulas.Count > 0,
        RequestIntent.Solve => RequestParser.HasSomethingToSolve(text),
        // "Which Na analogues of LiCoO2 does the review discuss?" asks about the papers, not for new compositions.
        RequestIntent.Design => !RequestParser.MentionsLiterature(text) || RequestParser.IsDesignInstruction(text),
        _ => true,
    };
}
