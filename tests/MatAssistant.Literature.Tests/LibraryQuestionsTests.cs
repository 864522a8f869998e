using Xunit;

namespace MatAssistant.Literature.Tests;

public sealed class LibraryQuestionsTests(IndexFixture fixture) : IClassFixture<IndexFixture>
{
    [Theory]
    [InlineData("Who wrote the paper on reflections on materials discovery?", true)]
    [InlineData("who are the authors of the MatGAN paper?", true)]
    [InlineData("Who is the author of Strategic Frontiers of Generative AI in Science?", true)]
    [InlineData("Strategic Frontiers — written by whom?", true)]
    [InlineData("这篇论文的作者是谁？", true)]
    [InlineData("What is CDVAE?", false)]
    [InlineData("Who proposed the crystal diffusion variational autoencoder?", false)]
    [InlineData("What do the authors say about dataset bias?", false)]
    [InlineData("what did the authors of CDVAE find?", false)]
    [InlineData("作者认为数据集偏差有什么影响？", false)]
    [InlineData("what are the authors' names of the reflections paper?", true)]
    [InlineData("What are the authors of the reflections paper?", true)]
    public void AsksAuthors_FollowsTheWording(string question, bool expected) =>
        Assert.Equal(expected, LibraryQuestions.AsksAuthors(question));

    [Theory]
    [InlineData("List the documents in my library", true)]
    [InlineData("What papers do I have?", true)]
    [InlineData("How many papers are in my library?", true)]
    [InlineData("which documents are indexed?", true)]
    [InlineData("我的文献库里有哪些论文？", true)]
    [InlineData("list the challenges of generative models", false)]
    [InlineData("What papers does the review cite on MatGAN?", false)]
    [InlineData("list the papers that discuss diffusion models", false)]
    [InlineData("what documents do you have?", true)]
    [InlineData("how many new stable crystals did DeepMind's GNoME find, according to the papers in my library?", false)]
    [InlineData("How many space groups can PGCGM generate?", false)]
    public void AsksCatalogue_FollowsTheWording(string question, bool expected) =>
        Assert.Equal(expected, LibraryQuestions.AsksCatalogue(question));

    [Theory]
    [InlineData("Naohiro Fujinuma,^{1,2} Brian DeCost,³ Jason Hattrick-Simpers,⁴ and Samuel E. Lofland⁵", "Naohiro Fujinuma|Brian DeCost|Jason Hattrick-Simpers|Samuel E. Lofland")]
    [InlineData("Jianjun Hu^a, Qin Li^b, Nihang Fu^a^a Department of Computer Science and Engineering, University of South Carolina, Columbia, SC 29208, USA^b College of Big Data", "Jianjun Hu|Qin Li|Nihang Fu")]
    [InlineData("胡建军^a, 李琴^b, Nihang Fu^a^a Department of Computer Science", "胡建军|李琴|Nihang Fu")]
    [InlineData("Dr. Edward Shevchenko", "Dr. Edward Shevchenko")]
    [InlineData("J. Smith and A. van der Berg", "J. Smith|A. van der Berg")]
    [InlineData("Jane Doe1,2, John Roe3; Ann Lee*", "Jane Doe|John Roe|Ann Lee")]
    [InlineData("Maria Garcia† & Li Wei‡ (Institute of Physics)", "Maria Garcia|Li Wei")]
    [InlineData("Maria Garcia, maria@uni.edu", "Maria Garcia")]
    [InlineData("Received 3 March 2021; accepted 5 May 2021", "")]
    [InlineData("", "")]
    public void AuthorNames_AreReadFromTheByline(string line, string expected) =>
        Assert.Equal(expected.Length == 0 ? [] : expected.Split('|'), LibraryQuestions.AuthorNames(line));

    [Fact]
    public void Bylines_OneForEachVersionGroup_QuotedVerbatim()
    {
        var bylines = fixture.Index.Bylines();
        // 000 and 001 are versions of one text: listed once; 003 is the Chinese translation of 002.
        Assert.Equal(["000_59812038dad8067b.txt", "002_b22d91d85b8bad7b.txt", "003_abb6ac04db3602b4.txt", "004_e666dd4ab6e136c8.txt"], bylines.Select(b => b.Document));
        Assert.All(bylines, b => Assert.Equal(b.Line, fixture.Index.DocumentText(b.Document)![b.Start..b.End]));
        Assert.Equal("002_b22d91d85b8bad7b.txt", bylines[2].TranslationOf);
        Assert.Equal(["Naohiro Fujinuma", "Brian DeCost", "Jason Hattrick-Simpers", "Samuel E. Lofland"], bylines[3].Names);
    }

    [Theory]
    [InlineData("Who wrote Strategic Frontiers of Generative AI in Science?", "000_59812038dad8067b.txt")]
    [InlineData("who is the author of the paper on generative AI and its implications for management", "000_59812038dad8067b.txt")]
    [InlineData("Who wrote 'Design Without Understanding'?", "002_b22d91d85b8bad7b.txt")]
    [InlineData("authors of the reflections on the future of machine learning paper", "004_e666dd4ab6e136c8.txt")]
    [InlineData("无需理解的设计这篇文章的作者是谁？", "003_abb6ac04db3602b4.txt")]
    public void MatchTitles_FindsTheDocumentNamed(string question, string document) =>
        Assert.Equal(document, fixture.Index.MatchTitles(question)[0].Byline.Document);

    [Theory]
    [InlineData("Who are the authors of the MatGAN paper?")]
    [InlineData("Who wrote the materials paper?")]
    [InlineData("Who wrote this?")]
    public void MatchTitles_NamesNothing_WhenNoDistinctiveTitleWordIsAsked(string question) =>
        Assert.Empty(fixture.Index.MatchTitles(question));

    [Theory]
    [InlineData("Which physics-informed methods do Hu et al. suggest?", "Hu")]
    [InlineData("What do Hu and Li propose for inverse design?", "")]
    [InlineData("What did Hu and Li et al. find?", "Hu|Li")]
    [InlineData("In the paper by Fujinuma, what is domain bias?", "Fujinuma")]
    [InlineData("What does Hu's review say about GANs?", "Hu")]
    [InlineData("what does the Shevchenko paper say about ChatGPT?", "Shevchenko")]
    [InlineData("What is CDVAE?", "")]
    [InlineData("What did the authors find?", "")]
    public void NamedAuthors_ReadsTheSurnamesAPaperIsCalledBy(string question, string expected) =>
        Assert.Equal(expected.Length == 0 ? [] : expected.Split('|'), LibraryQuestions.NamedAuthors(question));

    [Theory]
    [InlineData("Which physics-informed methods do Hu et al. suggest?", "002_b22d91d85b8bad7b.txt|003_abb6ac04db3602b4.txt")]
    [InlineData("According to Fujinuma et al., what is dataset bias?", "004_e666dd4ab6e136c8.txt")]
    [InlineData("What does the paper by DeCost say about serendipity?", "004_e666dd4ab6e136c8.txt")]
    [InlineData("What material is mentioned in the reflections paper?", "004_e666dd4ab6e136c8.txt")]
    [InlineData("what does the Strategic Frontiers paper say about ChatGPT?", "000_59812038dad8067b.txt|001_f06291f2a06bc106.txt")]
    public void NamedDocuments_AreTheSourceTheQuestionNames_WithTheirVersionsAndTranslations(string question, string expected) =>
        Assert.Equal(expected.Split('|'), fixture.Index.NamedDocuments(question).Select(n => n.Document).Order(StringComparer.Ordinal));

    // Regression guard: a cited author who wrote no document of the library (Jia et al.), a model's paper, or "the review"
    // alone must not narrow the search.
    [Theory]
    [InlineData("What did Jia et al. find about reagent selection in amine-templated metal oxides?")]
    [InlineData("What does the CDVAE paper propose?")]
    [InlineData("What does the review say about MatGAN?")]
    [InlineData("What is the materials paper about?")]
    [InlineData("What is CDVAE?")]
    public void NamedDocuments_NoneWhenTheQuestionNamesNoDocumentOfTheLibrary(string question) =>
        Assert.Empty(fixture.Index.NamedDocuments(question));
}
