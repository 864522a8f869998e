using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace MatAssistant.Web.Tests;

/// <summary>A real browser on the chat page: Debian's chromium, headless, driven through its chromedriver; a server on a loopback port.</summary>
public sealed class BrowserFixture : IDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";

    public static string? Missing =>
        File.Exists(Chromium) && File.Exists(ChromeDriver) ? null
        : $"the browser test needs Debian's chromium and chromium-driver ({Chromium}, {ChromeDriver}): apt-get install chromium chromium-driver (.ci/run installs them)";

    private readonly Lazy<ServerFixture> _server = new(() => ServerFixture.OnLoopback());
    private readonly Lazy<ChromeDriver> _driver = new(Start);

    public ServerFixture Server => _server.Value;

    public ChromeDriver Driver => _driver.Value;

    private static ChromeDriver Start()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        // Root in CI: chromium's sandbox needs an unprivileged user; /dev/shm is small in containers.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600");
        return new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
    }

    public void Dispose()
    {
        if (_driver.IsValueCreated)
        {
            _driver.Value.Quit();
        }

        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }
    }
}

public sealed class BrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private ChromeDriver Open()
    {
        var missing = BrowserFixture.Missing;
        Skip.If(missing is not null, missing);
        var driver = browser.Driver;
        driver.Navigate().GoToUrl(browser.Server.BaseAddress);
        new WebDriverWait(driver, Patience).Until(d => d.FindElement(By.Id("backend")).Text.Contains("backend", StringComparison.Ordinal));
        return driver;
    }

    /// <summary>Sends a message and waits for the answer of this turn (the page's n-th assistant bubble) to be complete.</summary>
    private static IWebElement Ask(ChromeDriver driver, string text)
    {
        var before = driver.FindElements(By.CssSelector(".message.assistant")).Count;
        var box = driver.FindElement(By.Id("question"));
        box.SendKeys(text);
        driver.FindElement(By.Id("send")).Click();
        return new WebDriverWait(driver, Patience).Until(d =>
        {
            var bubbles = d.FindElements(By.CssSelector(".message.assistant"));
            return bubbles.Count > before && (bubbles[before].FindElements(By.CssSelector(".answer")).Count > 0 || bubbles[before].GetAttribute("class")!.Contains("error", StringComparison.Ordinal)) ? bubbles[before] : null;
        })!;
    }

    [SkippableFact]
    public void Question_GivesAnAnswer_WhoseCitationShowsItsQuoteOnClick()
    {
        var driver = Open();
        var answer = Ask(driver, "What is CDVAE?");
        Assert.DoesNotContain("error", answer.GetAttribute("class"), StringComparison.Ordinal);
        var marker = answer.FindElement(By.CssSelector(".answer a.cite"));
        var quote = answer.FindElement(By.CssSelector(".sources blockquote.quote"));
        Assert.False(quote.Displayed);
        marker.Click();
        new WebDriverWait(driver, Patience).Until(_ => quote.Displayed);
        Assert.Matches(@"\d{3}_[0-9a-f]+\.txt, section “.+”", quote.Text);
        Assert.Contains("“", quote.Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void SolveRequest_ShowsThePlotInline()
    {
        var driver = Open();
        var answer = Ask(driver, "Solve dy/dt = -0.5*y with y(0) = 2 from t = 0 to 10");
        var plot = answer.FindElement(By.CssSelector("img.plot"));
        new WebDriverWait(driver, Patience).Until(_ => Convert.ToInt64(driver.ExecuteScript("return arguments[0].complete ? arguments[0].naturalWidth : 0;", plot), System.Globalization.CultureInfo.InvariantCulture) > 100);
    }

    [SkippableFact]
    public void DesignRequest_ShowsASortableCandidateTable_WithACsvDownload()
    {
        var driver = Open();
        var answer = Ask(driver, "Propose 5 novel compositions containing Li, Mn and O");
        var table = answer.FindElement(By.CssSelector("table.candidates"));
        var header = table.FindElements(By.CssSelector("th")).First(th => th.Text == "formula");
        header.Click();
        Assert.Equal("ascending", header.GetAttribute("aria-sort"));
        var formulas = table.FindElements(By.CssSelector("tbody tr td:first-child")).Select(td => td.Text).ToList();
        Assert.Equal(formulas.Order(StringComparer.Ordinal).ToList(), formulas, StringComparer.OrdinalIgnoreCase);
        Assert.True(formulas.Count >= 1);
        Assert.True(answer.FindElement(By.CssSelector("button.csv")).Displayed);
    }

    [SkippableFact]
    public void UploadedFile_IsIndexed_AndTheNextAnswerCitesIt()
    {
        var driver = Open();
        driver.FindElement(By.CssSelector("#upload-panel summary")).Click();
        driver.FindElement(By.Id("files")).SendKeys(Path.Combine(AppContext.BaseDirectory, "TestData", "perovskite_note.md"));
        var collection = driver.FindElement(By.Id("collection"));
        collection.Clear();
        collection.SendKeys("browser");
        driver.FindElement(By.Id("upload")).Click();
        var status = driver.FindElement(By.Id("upload-status"));
        new WebDriverWait(driver, Patience).Until(_ => status.GetAttribute("data-done") == "true" || status.Text.StartsWith("Error", StringComparison.Ordinal));
        Assert.Contains("perovskite_note.md", status.Text, StringComparison.Ordinal);

        var answer = Ask(driver, "Which paper reports ammonolysis of oxynitrides?");
        answer.FindElement(By.CssSelector(".answer a.cite")).Click();
        var quote = answer.FindElement(By.CssSelector(".sources blockquote.quote"));
        new WebDriverWait(driver, Patience).Until(_ => quote.Displayed);
        Assert.Contains("perovskite_note.md", quote.Text, StringComparison.Ordinal);
        Assert.Contains("ammonolysis", quote.Text, StringComparison.Ordinal);
    }
}
