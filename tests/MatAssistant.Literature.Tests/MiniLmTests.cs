using Xunit;

namespace MatAssistant.Literature.Tests;

public sealed class MiniLmTests
{
    [Fact]
    public async Task ShippedModel_Embeds384Dimensions_AndRanksAParaphraseFirst()
    {
        using var model = new MiniLmEmbeddings();
        var vectors = await model.GenerateAsync(["speed up sampling", "accelerate the generation of samples", "the crystal lattice of iron"]);
        Assert.All(vectors, v => Assert.Equal(384, v.Vector.Length));
        static float Cos(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b)
        {
            float dot = 0, na = 0, nb = 0;
            for (var i = 0; i < a.Length; i++)
            {
                dot += a.Span[i] * b.Span[i];
                na += a.Span[i] * a.Span[i];
                nb += b.Span[i] * b.Span[i];
            }

            return dot / MathF.Sqrt(na * nb);
        }

        Assert.True(Cos(vectors[0].Vector, vectors[1].Vector) > Cos(vectors[0].Vector, vectors[2].Vector));
    }
}
