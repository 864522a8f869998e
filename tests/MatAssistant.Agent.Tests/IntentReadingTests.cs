using MatAssistant.Agent.Planning;
using MatAssistant.Literature;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Tests;

/// <summary>
/// The sentence-encoder vote on intent and how the reader combines it with the rules. A bag-of-words fake stands in for
/// MiniLM in all but one test, so these stay fast and exact; the last test runs the shipped model on three requests.
/// </summary>
public sealed class IntentReadingTests
{
    /// <summary>A deterministic embedding: each lower-cased word hashed into one of 64 dimensions. Counts calls.</summary>
    private sealed class BagOfWords : IEmbeddingGenerator<string, Embedding<float>>
    {
        public int Calls { get; private set; }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            var list = values.Select(v =>
            {
                var vector = new float[64];
                foreach (var word in v.ToLowerInvariant().Split([' ', ',', '?', '.', '!'], StringSplitOptions.RemoveEmptyEntries))
                {
                    vector[(int)(System.IO.Hashing.XxHash32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(word)) % 64)] += 1;
                }

                vector[63] += 0.01f; // never the zero vector
                return new Embedding<float>(vector);
            });
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(list));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private static readonly IReadOnlyList<IntentExemplar> Exemplars =
    [
        new(RequestIntent.Faq, "what does the paper say about diffusion models"),
        new(RequestIntent.Faq, "which models does the review compare"),
        new(RequestIntent.Design, "propose new compositions with lithium"),
        new(RequestIntent.Design, "generate novel oxides containing cobalt"),
        new(RequestIntent.Screen, "check these formulas for charge balance"),
        new(RequestIntent.Screen, "is this formula valid and charge neutral"),
        new(RequestIntent.Solve, "how long until the concentration decays to ten percent"),
        new(RequestIntent.Solve, "first order decay rate constant how long until"),
    ];

    [Fact]
    public void Vote_IsTheIntentOfTheNearestExemplars()
    {
        using var encoder = new IntentEncoder(new BagOfWords(), Exemplars, new IntentEncoderOptions(Neighbours: 2, MinMargin: 0.01));
        var vote = encoder.Vote("how long until it decays to ten percent");
        Assert.Equal(RequestIntent.Solve, vote.Intent);
        Assert.True(vote.Confident);
        Assert.True(vote.Scores[RequestIntent.Solve] > vote.Scores[RequestIntent.Faq]);
    }

    [Fact]
    public void Vote_AmongTheFiredIntents_NeverPicksAnother()
    {
        using var encoder = new IntentEncoder(new BagOfWords(), Exemplars);
        var vote = encoder.Vote("how long until it decays to ten percent", [RequestIntent.Design, RequestIntent.Faq]);
        Assert.NotEqual(RequestIntent.Solve, vote.Intent);
        Assert.Equal(2, vote.Scores.Count);
    }

    [Theory]
    [InlineData("What is CDVAE?")]
    [InlineData("Propose 10 novel compositions containing Li, Mn and O")]
    [InlineData("Solve dy/dt = -0.5*y with y(0) = 2 from t = 0 to 10")]
    [InlineData("Check SrTiO3, BaTiO3 and Fe3O4")]
    public void SureRules_NeverLoadTheModel(string request)
    {
        var fake = new BagOfWords();
        using var encoder = new IntentEncoder(() => fake, Exemplars);
        var reading = new RequestReader(encoder).ReadIntent(request);
        Assert.True(reading.Rules.Sure);
        Assert.Null(reading.Vote);
        Assert.False(encoder.Loaded);
        Assert.Equal(0, fake.Calls);
    }

    [Fact]
    public void UnsureRules_AskTheEncoder_AndTheAnswerSaysSo()
    {
        // No question word, no design verb, no equation: the rules fall back to faq without being sure of it.
        using var encoder = new IntentEncoder(new BagOfWords(), Exemplars, new IntentEncoderOptions(Neighbours: 2, MinMargin: 0.01));
        var reader = new RequestReader(encoder);
        var reading = reader.ReadIntent("novel oxides containing cobalt and lithium would be great");
        Assert.False(reading.Rules.Sure);
        Assert.Equal(RequestIntent.Design, reading.Intent);
        Assert.True(reading.ByEncoder);
        var request = reader.Parse("novel oxides containing cobalt and lithium would be great");
        Assert.Equal(RequestIntent.Design, request.Intent);
        Assert.Contains("sentence encoder", request.IntentNote, StringComparison.Ordinal);
    }

    [Fact]
    public void EncoderVote_ForAToolWithNothingToActOn_IsNotTaken()
    {
        // "check" votes screen, but there is no formula to check: the rules' reading stands.
        using var encoder = new IntentEncoder(new BagOfWords(), [new(RequestIntent.Screen, "check these for me please"), new(RequestIntent.Faq, "what is a transformer")], new IntentEncoderOptions(Neighbours: 1, MinMargin: 0.01));
        var reading = new RequestReader(encoder).ReadIntent("check these for me please");
        Assert.Equal(RequestIntent.Screen, reading.Vote?.Intent);
        Assert.False(reading.ByEncoder);
        Assert.Equal(RequestIntent.Faq, reading.Intent);
    }

    [Fact]
    public void ChineseRequests_AreLeftToTheRules()
    {
        // all-MiniLM-L6-v2 is English-only: measured, it misread every Chinese literature question.
        var fake = new BagOfWords();
        using var encoder = new IntentEncoder(() => fake, Exemplars);
        var reading = new RequestReader(encoder).ReadIntent("胡建军他们文章里的挑战2讲的是什么");
        Assert.Null(reading.Vote);
        Assert.Equal(RequestIntent.Faq, reading.Intent);
    }

    [Fact]
    public void ShippedExemplars_CoverTheFourIntents()
    {
        var exemplars = IntentEncoder.ShippedExemplars();
        foreach (var intent in new[] { RequestIntent.Faq, RequestIntent.Design, RequestIntent.Screen, RequestIntent.Solve })
        {
            Assert.True(exemplars.Count(e => e.Intent == intent) >= 10, $"{intent}: too few exemplars");
        }
    }

    [Fact]
    public void Exemplars_AreNotLinesOfTheSetsThatMeasureThem()
    {
        var exemplars = IntentEncoder.ShippedExemplars().Select(e => e.Text.Trim().ToLowerInvariant()).ToHashSet();
        var measured = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "intent_paraphrases.jsonl"))
            .Concat(File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "tool_selection.jsonl")))
            .Where(l => l.Trim().Length > 0)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("request").GetString()!.Trim().ToLowerInvariant());
        Assert.DoesNotContain(measured, exemplars.Contains);
    }

    [Fact]
    public void TheRealEncoder_ReadsCasualRequests()
    {
        // One quick test of the shipped model (loads in well under a second): a word problem the rules leave to the
        // faq fallback, read as a problem to solve.
        using var encoder = new IntentEncoder(() => new MiniLmEmbeddings(), IntentEncoder.ShippedExemplars());
        var reader = new RequestReader(encoder);
        Assert.Equal(RequestIntent.Solve, reader.ReadIntent("how long does it take a first order reaction with k = 0.05 per second to fall to 20%?").Intent);
        Assert.Equal(RequestIntent.Design, reader.ReadIntent("new garnet compositions with Li and Ta would be nice, maybe 5").Intent);
        Assert.Equal(RequestIntent.Faq, reader.ReadIntent("What is CDVAE?").Intent);
    }
}
