using MatAssistant.Chemistry;

namespace MatAssistant.Generation;

/// <summary>Sequence-length figures of one tokenization scheme over a set of formulas.</summary>
/// <param name="Scheme">Name of the scheme.</param>
/// <param name="VocabularySize">Tokens including &lt;s&gt;, &lt;/s&gt; and padding.</param>
/// <param name="MeanLength">Mean tokens per formula, &lt;s&gt; and &lt;/s&gt; included.</param>
/// <param name="P99Length">99th percentile of the length.</param>
/// <param name="MaxLength">Longest sequence.</param>
/// <param name="CoverageAt20">Fraction of formulas whose sequence fits in 20 tokens.</param>
public sealed record TokenizationFigures(string Scheme, int VocabularySize, double MeanLength, int P99Length, int MaxLength, double CoverageAt20);

/// <summary>Measures MTransformer's element-symbol sequences (<c>Sr Ti O O O</c>) against element-and-count tokens.</summary>
public static class TokenizationStudy
{
    public static IReadOnlyList<TokenizationFigures> Measure(IReadOnlyList<Composition> reducedCompositions, int maxCount = 24)
    {
        var elements = reducedCompositions.SelectMany(c => c.Elements).Distinct().Count();
        return
        [
            Figures("element symbols (Sr Ti O O O)", elements + 3, reducedCompositions, c => (int)c.NumberOfAtoms + 2, _ => true),
            Figures($"element and count (Sr 1 Ti 1 O 3), counts 1-{maxCount}", elements + 3 + maxCount, reducedCompositions, c => (2 * c.ElementCount) + 2, c => c.Amounts.All(a => a <= maxCount)),
        ];
    }

    private static TokenizationFigures Figures(string scheme, int vocabulary, IReadOnlyList<Composition> compositions, Func<Composition, int> length, Func<Composition, bool> representable)
    {
        var sorted = compositions.Select(length).Order().ToArray();
        var fits = compositions.Count(c => length(c) <= 20 && representable(c)) / (double)compositions.Count;
        return new TokenizationFigures(scheme, vocabulary, sorted.Average(), sorted[(int)(0.99 * (sorted.Length - 1))], sorted[^1], fits);
    }
}
