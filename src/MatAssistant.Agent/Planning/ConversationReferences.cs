using System.Text.RegularExpressions;
using MatAssistant.Literature;

namespace MatAssistant.Agent.Planning;

/// <summary>
/// Literature follow-ups in a conversation: "How valid were its compositions?" after "What is MatGAN?" asks about MatGAN.
/// A question that names no entity of its own and refers back ("it", "its", "they", "this model", "该模型", "它") is
/// rewritten with the entity of the nearest earlier literature question that named one; the rewritten question is what
/// the retrieve tool gets, so the answer's reading line shows how the reference was read. Nothing is rewritten when the
/// question names its own subject or no earlier question named one.
/// Regression: in chat, "How valid were its compositions?" after "What is MatGAN?" opened with MTransformer's figures.
/// </summary>
public static partial class ConversationReferences
{
    /// <summary>How many earlier user turns are searched for the entity.</summary>
    public const int Lookback = 3;

    /// <summary>
    /// <paramref name="request"/> with its references to an earlier entity resolved; <paramref name="earlier"/> are the
    /// earlier user messages, oldest first.
    /// </summary>
    public static ParsedRequest Resolve(ParsedRequest request, IReadOnlyList<string> earlier)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(earlier);
        if (request.Intent is not (RequestIntent.Faq or RequestIntent.ExplainAndScreen) || !RefersBack(request.Text)
            || QuestionShape.Read(request.Text).KeyTerms.Count > 0 || Entity(earlier) is not { } entity)
        {
            return request;
        }

        var text = Rewrite(request.Text, entity);
        if (text == request.Text)
        {
            return request;
        }

        // Read as if the user had written the name: the same answer as `ask` gives for the rewritten question.
        var reparsed = RequestParser.Parse(text);
        return reparsed.Intent == request.Intent ? reparsed : request with { Text = text };
    }

    /// <summary>True when the question refers back to something named before.</summary>
    public static bool RefersBack(string text) => English().IsMatch(text) || Chinese().IsMatch(text);

    /// <summary>The entity of the nearest earlier literature question that named one (itself resolved, so chains work).</summary>
    private static string? Entity(IReadOnlyList<string> earlier)
    {
        for (var i = earlier.Count - 1; i >= Math.Max(0, earlier.Count - Lookback); i--)
        {
            var previous = RequestParser.Parse(earlier[i]);
            if (previous.Intent is not (RequestIntent.Faq or RequestIntent.ExplainAndScreen))
            {
                return null;
            }

            var terms = QuestionShape.Read(previous.Text).KeyTerms;
            if (terms.Count > 0)
            {
                return terms[0];
            }

            if (!RefersBack(previous.Text))
            {
                return null;
            }
        }

        return null;
    }

    private static string Rewrite(string text, string entity)
    {
        var rewritten = English().Replace(text, m => m.Groups["word"].Value.ToLowerInvariant() switch
        {
            "its" or "their" => entity + "'s",
            _ => entity,
        }, 1);
        return Chinese().Replace(rewritten, m => m.Value.EndsWith('的') ? entity + "的" : entity, 1);
    }

    /// <summary>The first reference back in an English question: a pronoun, or "this/that/the model|method|approach|framework".</summary>
    [GeneratedRegex(@"\b(?<word>its|it|they|them|their|(?:this|that|the) (?:model|method|approach|framework|algorithm|network|generator))\b", RegexOptions.IgnoreCase)]
    private static partial Regex English();

    [GeneratedRegex(@"它的|该模型|这个模型|该方法|它")]
    private static partial Regex Chinese();
}
