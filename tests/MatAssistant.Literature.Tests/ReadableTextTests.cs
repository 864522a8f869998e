using Xunit;

namespace MatAssistant.Literature.Tests;

public sealed class ReadableTextTests
{
    [Theory]
    [InlineData("with $E_{\\text{hull}} < 80$ meV per atom", "with E_hull < 80 meV per atom")]
    [InlineData("$1 \\text{ meV} = 1.602 \\times 10^{-22} \\text{ J}$", "1 meV = 1.602 × 10⁻²² J")]
    [InlineData("about 10^{9} compounds", "about 10⁹ compounds")]
    [InlineData("such as $\\text{Li}_6\\text{N}_6\\text{Cl}$ and CaCO_6", "such as Li₆N₆Cl and CaCO₆")]
    [InlineData("the V_xO_y family", "the V_xO_y family")]
    [InlineData("plain text, 97.54% charge-neutral", "plain text, 97.54% charge-neutral")]
    public void Render_MakesMarkupReadable(string source, string expected) =>
        Assert.Equal(expected, ReadableText.Render(source));
}
