using System.Globalization;
using System.Text;

namespace MatAssistant.Chemistry.Tests;

/// <summary>
/// Seeded formula fuzzer: well-formed formulas with extreme amounts (tiny, huge, scientific, long decimals), brackets and
/// adducts, then byte-level mutations of them. Deterministic for a seed.
/// </summary>
internal static class FuzzFormulas
{
    private static readonly string[] Pieces = ["(", ")", "[", "]", "·", "*", ".", " ", "e", "e-", "-", "+", "0", "9", "D", "T", "Xx", "\u0000", "é"];

    public static IEnumerable<string> Generate(int seed, int count)
    {
        var random = new Random(seed);
        for (var n = 0; n < count; n++)
        {
            var formula = WellFormed(random);
            var mutations = random.Next(0, 3);
            for (var m = 0; m < mutations && formula.Length > 0; m++)
            {
                var at = random.Next(formula.Length + 1);
                formula = random.Next(3) switch
                {
                    0 => formula.Insert(at, Pieces[random.Next(Pieces.Length)]),
                    1 when at < formula.Length => formula.Remove(at, 1),
                    _ => formula.Insert(at, ((char)random.Next(32, 127)).ToString()),
                };
            }

            yield return formula;
        }
    }

    private static string WellFormed(Random random)
    {
        var builder = new StringBuilder();
        var k = random.Next(1, 7);
        for (var i = 0; i < k; i++)
        {
            var bracket = random.Next(10) == 0;
            if (bracket)
            {
                builder.Append('(');
            }

            builder.Append(ElementTable.Default[random.Next(1, ElementTable.MaxAtomicNumber + 1)].Symbol);
            builder.Append(Amount(random));
            if (bracket)
            {
                builder.Append(')').Append(Amount(random));
            }
        }

        if (random.Next(20) == 0)
        {
            builder.Append('·').Append(random.Next(1, 12)).Append("H2O");
        }

        return builder.ToString();
    }

    private static string Amount(Random random) => random.Next(12) switch
    {
        0 => string.Empty,
        1 => (random.NextDouble() * 1e-6).ToString("0.0000000000", CultureInfo.InvariantCulture),
        2 => (random.NextDouble() * 1e-5).ToString("0.##e-0", CultureInfo.InvariantCulture),
        3 => random.NextDouble().ToString("0.############", CultureInfo.InvariantCulture),
        4 => random.NextInt64(1, 10_000_000).ToString(CultureInfo.InvariantCulture),
        5 => (random.NextDouble() * 3).ToString("0.##", CultureInfo.InvariantCulture),
        6 => "0.0000001",
        _ => random.Next(1, 13).ToString(CultureInfo.InvariantCulture),
    };
}
