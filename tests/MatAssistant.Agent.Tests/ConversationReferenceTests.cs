using MatAssistant.Agent.Planning;

namespace MatAssistant.Agent.Tests;

/// <summary>Literature follow-ups: a question that refers back takes the entity of the conversation's earlier question.</summary>
public sealed class ConversationReferenceTests(OfflineAssistantFixture fixture) : IClassFixture<OfflineAssistantFixture>
{
    [Theory]
    [InlineData("What is MatGAN?", "How valid were its compositions?", "How valid were MatGAN's compositions?")]
    [InlineData("Tell me about CDVAE", "Where has this model been used?", "Where has CDVAE been used?")]
    [InlineData("What is DDPM?", "Who introduced it?", "Who introduced DDPM?")]
    [InlineData("CDVAE 是什么？", "它的缺点是什么？", "CDVAE的缺点是什么？")]
    // Its own subject: nothing to resolve.
    [InlineData("What is MatGAN?", "What is CDVAE and what is it used for?", "What is CDVAE and what is it used for?")]
    // No earlier entity, or the earlier turn was not a literature question: left as written.
    [InlineData("What are the challenges of generative AI?", "Why do they matter?", "Why do they matter?")]
    [InlineData("Screen LiFePO4 and NaCl", "How valid were its compositions?", "How valid were its compositions?")]
    public void Resolve_TakesTheEntityOfTheEarlierQuestion(string earlier, string question, string expected)
    {
        var request = ConversationReferences.Resolve(RequestParser.Parse(question), [earlier]);
        Assert.Equal(expected, request.Text);
    }

    [Fact]
    public void Resolve_FollowsAChainOfReferences()
    {
        var request = ConversationReferences.Resolve(RequestParser.Parse("Who made it?"), ["What is MatGAN?", "How valid were its compositions?"]);
        Assert.Equal("Who made MatGAN?", request.Text);
    }

    [Fact]
    public async Task Chat_ItsCompositions_AfterWhatIsMatGan_QuotesMatGansFigure()
    {
        // Regression: the follow-up opened with MTransformer's 97.54 % / 91.40 %.
        using var assistant = fixture.Create();
        await assistant.AskAsync("What is MatGAN?");
        var answer = await assistant.AskAsync("How valid were its compositions?");
        Assert.Contains("84.5%", answer.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("97.54", answer.Answer, StringComparison.Ordinal);
        Assert.Contains("MatGAN's compositions", answer.Answer, StringComparison.Ordinal); // the reading line shows the resolution
    }
}
