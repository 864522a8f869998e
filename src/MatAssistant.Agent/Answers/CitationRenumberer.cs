using System.Globalization;
using System.Text.RegularExpressions;

namespace MatAssistant.Agent.Answers;

/// <summary>
/// Renumbers the [n] markers of a streamed answer in the order the reader meets them, as <see cref="AnswerComposer"/>
/// numbers the final answer, so that the text already on the screen and the citation list printed after it agree.
/// Regression: chat showed the brain's passage numbers ([2] … [1]) above a list numbered [1], [2].
/// A chunk's tail that may be the start of a marker ("… [1", "… [") is held back until the next chunk.
/// </summary>
public sealed partial class CitationRenumberer
{
    private readonly Dictionary<int, int> _numbers = [];
    private readonly List<int> _order = [];
    private string _pending = string.Empty;

    /// <summary>The brain's marker numbers in the order they were shown; pass to <see cref="AnswerComposer.Compose"/>.</summary>
    public IReadOnlyList<int> Order => _order;

    /// <summary>The part of the text so far that can be shown, renumbered.</summary>
    public string Push(string chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var text = _pending + chunk;
        var partial = PartialMarker().Match(text);
        _pending = partial.Success ? text[partial.Index..] : string.Empty;
        return Renumber(partial.Success ? text[..partial.Index] : text);
    }

    /// <summary>What is still held back, at the end of the stream.</summary>
    public string Flush()
    {
        var rest = _pending;
        _pending = string.Empty;
        return Renumber(rest);
    }

    private string Renumber(string text) => Marker().Replace(text, m =>
    {
        var id = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        if (!_numbers.TryGetValue(id, out var number))
        {
            _order.Add(id);
            number = _numbers[id] = _order.Count;
        }

        return $"[{number.ToString(CultureInfo.InvariantCulture)}]";
    });

    [GeneratedRegex(@"\[(\d{1,3})\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"\[\d{0,3}$")]
    private static partial Regex PartialMarker();
}
