using System.Text.RegularExpressions;

namespace MatAssistant.Agent.Planning;

/// <summary>
/// What is left of a request once the slots have taken their words: runs of words that are neither stop words nor the
/// words that chose the intent ("propose", "compositions"), so the user sees what the planner did not act on.
/// </summary>
public static partial class NotUsedWords
{
    private static readonly HashSet<string> Ignorable = new(StringComparer.OrdinalIgnoreCase)
    {
        // Function words.
        "a", "an", "the", "of", "to", "for", "in", "on", "at", "by", "with", "and", "or", "but", "that", "which", "who",
        "what", "is", "are", "be", "been", "it", "its", "they", "them", "their", "these", "those", "this", "there", "some",
        "any", "each", "every", "all", "me", "my", "i", "i'm", "we", "our", "you", "your", "can", "could", "would", "will",
        "should", "do", "does", "did", "have", "has", "had", "so", "as", "from", "about", "around", "roughly", "also", "then",
        "too", "just", "really", "actually", "ones", "one", "where", "when", "how", "if", "than", "more", "most", "like",
        "such", "vs", "versus", "into", "per", "please", "pls", "plz", "thanks", "ok", "okay", "up", "e.g", "eg", "i.e",
        "type", "based", "each", "element", "elements", "containing", "contain", "contains", "include", "including",
        "using", "made", "plus", "get", "let", "us", "tell", "show", "already", "which", "ones", "let's", "w", "w/", "that", "combine", "combining", "someone",
        // Words that chose the design intent.
        "propose", "suggest", "design", "generate", "give", "gimme", "need", "want", "looking", "look", "find", "list",
        "recommend", "come", "invent", "screen", "compositions", "composition", "candidates", "candidate", "compounds",
        "compound", "materials", "material", "formulas", "formula", "structures", "options", "ideas",
    };

    public static IReadOnlyList<string> Of(string free)
    {
        var phrases = new List<string>();
        foreach (var piece in Separators().Split(free))
        {
            var run = new List<string>();
            foreach (Match word in Word().Matches(piece))
            {
                var w = word.Value.Trim('-', '\'');
                if (w.Length == 0 || Ignorable.Contains(w) || w.All(c => char.IsDigit(c) || c == '.'))
                {
                    Flush(run, phrases);
                    continue;
                }

                run.Add(w);
            }

            Flush(run, phrases);
        }

        return phrases.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static void Flush(List<string> run, List<string> phrases)
    {
        if (run.Count > 0)
        {
            phrases.Add(string.Join(' ', run));
            run.Clear();
        }
    }

    // Blanked-out slot text counts as a separator: two leftovers on either side of a slot are not one phrase.
    [GeneratedRegex(@"[,;:.!?()\[\]{}""/]|\s{2,}|\s+-\s+")]
    private static partial Regex Separators();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'\-]*")]
    private static partial Regex Word();
}
