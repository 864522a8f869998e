using Xunit;

namespace MatAssistant.Literature.Tests;

public sealed class QuestionShapeTests
{
    [Theory]
    [InlineData("What is DiffSBDD?", QuestionKind.Definition)]
    [InlineData("What are the two components of a variational autoencoder?", QuestionKind.List)]
    [InlineData("how many new stable crystals did DeepMind's GNoME find?", QuestionKind.Number)]
    [InlineData("what learning rate was MatGAN trained with?", QuestionKind.Number)]
    [InlineData("why is it hard to apply LLMs to crystals?", QuestionKind.Reason)]
    [InlineData("what was the weak point of Court et al.'s VAE?", QuestionKind.Reason)]
    [InlineData("How does a GFlowNet build objects?", QuestionKind.Method)]
    [InlineData("GANs vs diffusion models: which trains more stably?", QuestionKind.Comparison)]
    [InlineData("CDVAE 已经被用来发现了哪类材料？", QuestionKind.List)]
    [InlineData("为什么大语言模型很难直接用到晶体材料设计上？", QuestionKind.Reason)]
    public void Kind_FollowsTheQuestion(string question, QuestionKind kind) =>
        Assert.Equal(kind, QuestionShape.Read(question).Kind);

    [Theory]
    [InlineData("which VAE variants handle discrete data? and which ones fix the weak generation quality", 2)]
    [InlineData("the paper says some company introduced Claude.. which company? that sounds off to me", 1)]
    [InlineData("Hu et al.'s PGCGM: what do the constraints buy it - how many space groups can it generate?", 2)]
    [InlineData("CDVAE 已经被用来发现了哪类材料？它在三维材料生成上还有什么不足？", 2)]
    [InlineData("What is CDVAE?", 1)]
    public void Parts_SplitAtEachQuestion(string question, int parts) =>
        Assert.Equal(parts, QuestionShape.Read(question).Parts.Count);

    [Theory]
    [InlineData("what learning rate, batch size and number of epochs was MatGAN trained with?", "learning rate|batch size|epochs")]
    [InlineData("how many kWh or how much CO2 does it say training takes?", "kWh|CO2")]
    [InlineData("how many randomly generated experiments were performed?", "randomly generated experiments")]
    public void Quantities_AreTheOnesAsked(string question, string expected) =>
        Assert.Equal(expected.Split('|'), QuestionShape.Read(question).Quantities);

    [Theory]
    [InlineData("how many new stable crystals did DeepMind's GNoME find?", "DeepMind|GNoME")]
    [InlineData("What does F.A.I.R. stand for?", "FAIR")]
    [InlineData("how much CO2 does training an ML model emit?", "")]
    [InlineData("How do GFlowNets construct objects?", "GFlowNet")]
    [InlineData("what band gap does GaAs have compared with GANs?", "GaAs|GAN")]
    public void KeyTerms_AreNamesNotUnitsOrCommonAcronyms(string question, string expected) =>
        Assert.Equal(expected.Length == 0 ? [] : expected.Split('|'), QuestionShape.Read(question).KeyTerms);

    [Theory]
    [InlineData("胡建军他们文章里的挑战2讲的是什么？", "挑战 2：大型语言模型", true)]
    [InlineData("what is challenge 1 about?", "Challenge 1: data", true)]
    [InlineData("what is challenge 1 about?", "Challenge 12: data", false)]
    public void ItemLabels_FindTheNumberedItem(string question, string text, bool found) =>
        Assert.Equal(found, QuestionShape.ItemLabels(question).Any(l => l.IsMatch(text)));
}
