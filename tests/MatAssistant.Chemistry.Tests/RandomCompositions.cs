namespace MatAssistant.Chemistry.Tests;

/// <summary>Seeded random compositions for property tests: 1–6 elements of Z 1–103 with counts 1–12.</summary>
internal static class RandomCompositions
{
    public static IEnumerable<Composition> Generate(int seed, int count, int maxElements = 6, int maxCount = 12)
    {
        var random = new Random(seed);
        for (var n = 0; n < count; n++)
        {
            var k = random.Next(1, maxElements + 1);
            var numbers = new HashSet<int>();
            while (numbers.Count < k)
            {
                numbers.Add(random.Next(1, ElementTable.MaxAtomicNumber + 1));
            }

            yield return Composition.Create(numbers.Select(z => KeyValuePair.Create(ElementTable.Default[z], (double)random.Next(1, maxCount + 1))));
        }
    }
}
