using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace MatAssistant.Literature;

/// <summary>What near-duplicate and translation detection keeps of a document.</summary>
/// <param name="MinHash">MinHash signature of the document's word 5-gram shingles (CJK: character 4-grams).</param>
/// <param name="Anchors">Language-neutral tokens: numbers, acronyms, mixed-case names, Latin words in Chinese text.</param>
public sealed record DocumentSignature(ulong[] MinHash, string[] Anchors);

/// <summary>
/// Versions (same language, most shingles shared) and translations (different languages, most language-neutral anchors
/// such as numbers, model names and references shared). MinHash keeps the pairwise comparison cheap for large corpora.
/// </summary>
public static class NearDuplicates
{
    private const int SignatureSize = 128;

    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create("0123456789");
    private static readonly System.Buffers.SearchValues<char> Upper = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>Estimated shingle Jaccard above which two documents of one language are versions of one text.</summary>
    public const double VersionThreshold = 0.35;

    /// <summary>Anchor Jaccard above which two documents of different languages are translations of one text.</summary>
    public const double TranslationThreshold = 0.4;

    public static DocumentSignature Sign(ParsedDocument document)
    {
        var shingles = Shingles(document.Text);
        var signature = new ulong[SignatureSize];
        Array.Fill(signature, ulong.MaxValue);
        foreach (var shingle in shingles)
        {
            for (var k = 0; k < SignatureSize; k++)
            {
                // One hash family by mixing with a per-slot odd constant (a standard MinHash construction).
                var h = Mix(shingle ^ (0x9E3779B97F4A7C15UL * (ulong)(k + 1)));
                if (h < signature[k])
                {
                    signature[k] = h;
                }
            }
        }

        return new DocumentSignature(signature, Anchors(document.Text).Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>Estimated Jaccard similarity of the two documents' shingle sets.</summary>
    public static double ShingleSimilarity(DocumentSignature a, DocumentSignature b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var equal = 0;
        for (var k = 0; k < SignatureSize; k++)
        {
            equal += a.MinHash[k] == b.MinHash[k] && a.MinHash[k] != ulong.MaxValue ? 1 : 0;
        }

        return equal / (double)SignatureSize;
    }

    /// <summary>Jaccard similarity of the anchor sets.</summary>
    public static double AnchorSimilarity(DocumentSignature a, DocumentSignature b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var setA = a.Anchors.ToHashSet(StringComparer.Ordinal);
        var shared = b.Anchors.Count(setA.Contains);
        var union = setA.Count + b.Anchors.Length - shared;
        return union == 0 ? 0 : shared / (double)union;
    }

    /// <summary>Word 5-grams of lower-cased alphanumeric tokens; runs of CJK characters give character 4-grams.</summary>
    internal static HashSet<ulong> Shingles(string text, int wordGram = 5, int cjkGram = 4)
    {
        var tokens = Tokens(text);
        var result = new HashSet<ulong>();
        var window = new List<string>();
        foreach (var token in tokens)
        {
            var gram = TextSpans.IsCjk(token[0]) ? cjkGram : wordGram;
            window.Add(token);
            if (window.Count > gram)
            {
                window.RemoveAt(0);
            }

            if (window.Count == gram)
            {
                result.Add(Hash(string.Join('\u0001', window)));
            }
        }

        return result;
    }

    /// <summary>Word-level shingle set of a short passage (used to drop a passage repeated by another version).</summary>
    internal static HashSet<ulong> PassageShingles(string text) => Shingles(text, 3, 3);

    internal static double Jaccard(HashSet<ulong> a, HashSet<ulong> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count < b.Count ? a.Count(b.Contains) : b.Count(a.Contains);
        return shared / (double)Math.Min(a.Count, b.Count);
    }

    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (TextSpans.IsCjk(c) && char.IsLetter(c))
            {
                Flush();
                tokens.Add(c.ToString());
            }
            else if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return tokens;

        void Flush()
        {
            if (word.Length > 0)
            {
                tokens.Add(word.ToString());
                word.Clear();
            }
        }
    }

    private static HashSet<string> Anchors(string text)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inToken = i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || (start >= 0 && text[i] == '-'));
            if (inToken)
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0)
            {
                var token = text.AsSpan(start, i - start).TrimEnd('-');
                var hasDigit = token.ContainsAny(Digits);
                var inner = token.Length > 1 && token[1..].ContainsAny(Upper);
                if ((hasDigit && token.Length >= 2) || (inner && token.Length >= 3))
                {
                    anchors.Add(token.ToString());
                }

                start = -1;
            }
        }

        return anchors;
    }

    private static ulong Hash(string s) => XxHash64.HashToUInt64(MemoryMarshal.AsBytes(s.AsSpan()));

    private static ulong Mix(ulong x)
    {
        // SplitMix64 finaliser: a cheap, well-distributed permutation of 64-bit values.
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x;
    }
}
