namespace MatAssistant.Literature;

/// <summary>Small helpers over offsets of a text.</summary>
public static class TextSpans
{
    /// <summary>Narrows [start, end) so that it neither starts nor ends with white space.</summary>
    public static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    /// <summary>True for CJK ideographs and CJK punctuation, the characters that decide a text is Chinese.</summary>
    public static bool IsCjk(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\u3000' and <= '\u303F' or >= '\uFF00' and <= '\uFFEF';

    /// <summary><c>zh</c> when at least a fifth of the letters are CJK, else <c>en</c>.</summary>
    public static string DetectLanguage(ReadOnlySpan<char> text)
    {
        int cjk = 0, letters = 0;
        foreach (var c in text)
        {
            if (IsCjk(c))
            {
                cjk++;
                letters++;
            }
            else if (char.IsLetter(c))
            {
                letters++;
            }
        }

        // A Chinese character carries about as much as a short English word, so a fifth of the letters is already mostly Chinese.
        return letters > 0 && cjk * 5 >= letters ? "zh" : "en";
    }

    /// <summary>True when the text contains any CJK ideograph.</summary>
    public static bool ContainsCjk(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF')
            {
                return true;
            }
        }

        return false;
    }
}
