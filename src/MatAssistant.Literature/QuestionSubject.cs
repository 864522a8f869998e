using System.Text.RegularExpressions;

namespace MatAssistant.Literature;

/// <summary>
/// The term a definition question asks about: <c>CDVAE</c> in "What is CDVAE?", "What does GFlowNet stand for?",
/// "什么是生成流网络". Retrieval looks the term up among the extracted facts, and the answer writer puts its definition first.
/// </summary>
public static partial class QuestionSubject
{
    /// <summary>The subject, or null when the text is not a definition question (or the subject is longer than six words).</summary>
    public static string? Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = StandsFor().Match(text);
        if (!match.Success)
        {
            match = WhatIs().Match(text);
        }

        if (!match.Success)
        {
            match = Define().Match(text);
        }

        if (!match.Success)
        {
            match = ChineseWhatIs().Match(text);
        }

        if (!match.Success)
        {
            return null;
        }

        var subject = match.Groups["s"].Value.Trim();
        return subject.Split(' ').Length <= 6 ? subject : null;
    }

    [GeneratedRegex(@"^\s*(?:what|who)\s+(?:is|are|was|were|does|do)\s+(?:an?\s+|the\s+)?(?<s>[^?.!]+?)(?:\s+(?:stand for|mean|refer to|do))?\s*[?.!]*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex WhatIs();

    [GeneratedRegex(@"^\s*(?:define|explain|describe|tell me about)\s+(?:an?\s+|the\s+)?(?<s>[^?.!]+?)\s*[?.!]*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Define();

    [GeneratedRegex(@"^\s*(?:什么是|何为|请解释|解释一下)\s*(?<s>[^？?。！!]+?)\s*[？?。！!]*\s*$|^\s*(?<s>[^？?。！!]+?)\s*(?:是什么|指的是什么|是指什么)\s*[？?。！!]*\s*$")]
    private static partial Regex ChineseWhatIs();

    [GeneratedRegex(@"^\s*what\s+(?:does|do)\s+(?<s>\S+?)\s+(?:stand for|mean)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StandsFor();
}
