using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using MatAssistant.Chemistry;

namespace MatAssistant.Screening;

/// <summary>
/// Known materials as sorted 64-bit hashes (XxHash64) of their canonical reduced formulas, for novelty checks without
/// shipping any data set. False positives occur with probability about n / 2^64 (10^-14 for 10^5 formulas).
/// </summary>
public sealed class KnownFormulaSet
{
    private static readonly byte[] Magic = "MAKNOWN1"u8.ToArray();
    private readonly ulong[] _hashes;

    private KnownFormulaSet(ulong[] sortedHashes, string source)
    {
        _hashes = sortedHashes;
        Source = source;
    }

    /// <summary>Number of distinct known formulas.</summary>
    public int Count => _hashes.Length;

    /// <summary>Where the set came from (file name or description).</summary>
    public string Source { get; }

    /// <summary>The canonical key: the reduced composition in alphabetical order with every count written (<c>Al2O3</c>).</summary>
    public static string CanonicalKey(Composition composition) => composition.Reduce().Composition.AlphabeticalFormula;

    public static ulong Hash(Composition composition) => XxHash64.HashToUInt64(Encoding.ASCII.GetBytes(CanonicalKey(composition)));

    public bool Contains(Composition composition) => Array.BinarySearch(_hashes, Hash(composition)) >= 0;

    /// <summary>Largest count per element that <see cref="InSystem"/> tries, by the number of elements (the search stays under about 200,000 lookups).</summary>
    public static int MaxCountInSystem(int elements) => elements switch
    {
        1 => 1,
        2 => 60,
        3 => 40,
        4 => 20,
        5 => 10,
        _ => 6,
    };

    /// <summary>
    /// The known compositions made of exactly these elements (each present), found by trying every reduced formula with
    /// counts 1 … <paramref name="maxCount"/> (default <see cref="MaxCountInSystem"/>) against the set: the set holds only
    /// hashes, so it cannot be listed, but a chemical system's formulas can be enumerated. Sorted by atoms, then formula.
    /// </summary>
    public IReadOnlyList<Composition> InSystem(IReadOnlyList<Element> elements, int? maxCount = null)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var distinct = elements.Distinct().ToArray();
        if (distinct.Length is 0 or > 8)
        {
            throw new ArgumentException($"a chemical system has 1 to 8 elements, got {distinct.Length}.", nameof(elements));
        }

        var limit = maxCount ?? MaxCountInSystem(distinct.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1, nameof(maxCount));
        var counts = new int[distinct.Length];
        var found = new List<Composition>();
        Array.Fill(counts, 1);
        while (true)
        {
            if (Gcd(counts) == 1)
            {
                var composition = Composition.Create(distinct.Select((e, i) => new KeyValuePair<Element, double>(e, counts[i])));
                if (Contains(composition))
                {
                    found.Add(composition);
                }
            }

            var position = 0;
            while (position < counts.Length && ++counts[position] > limit)
            {
                counts[position] = 1;
                position++;
            }

            if (position == counts.Length)
            {
                break;
            }
        }

        return [.. found.OrderBy(c => c.NumberOfAtoms).ThenBy(c => c.AlphabeticalFormula, StringComparer.Ordinal)];
    }

    private static int Gcd(int[] values)
    {
        var g = values[0];
        foreach (var v in values)
        {
            var (a, b) = (g, v);
            while (b != 0)
            {
                (a, b) = (b, a % b);
            }

            g = a;
        }

        return g;
    }

    public static KnownFormulaSet FromCompositions(IEnumerable<Composition> compositions, string source)
    {
        var hashes = compositions.Select(Hash).Distinct().ToArray();
        Array.Sort(hashes);
        return new KnownFormulaSet(hashes, source);
    }

    /// <summary>Writes the set atomically: a temporary file beside the target, then a rename.</summary>
    public void Save(string path)
    {
        var temporary = path + ".tmp-" + Environment.ProcessId;
        using (var stream = File.Create(temporary))
        {
            stream.Write(Magic);
            Span<byte> buffer = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(buffer, _hashes.Length);
            stream.Write(buffer);
            foreach (var h in _hashes)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(buffer, h);
                stream.Write(buffer);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static KnownFormulaSet Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 16 || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path} is not a known-formula set (bad header).");
        }

        var count = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
        if (count < 0 || bytes.Length != 16 + (count * 8))
        {
            throw new InvalidDataException($"{path} is truncated: header says {count} hashes, file has {(bytes.Length - 16) / 8}.");
        }

        var hashes = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            hashes[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16 + (i * 8)));
        }

        for (var i = 1; i < hashes.Length; i++)
        {
            if (hashes[i] <= hashes[i - 1])
            {
                throw new InvalidDataException($"{path} is corrupt: hashes are not strictly increasing.");
            }
        }

        return new KnownFormulaSet(hashes, Path.GetFileName(path));
    }
}
