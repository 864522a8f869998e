using MatAssistant.Application.Units;

namespace MatAssistant.Application.Tests.Units;

/// <summary>Values with units as scientists write them, each converted to SI by the reader (UnitsNet factors).</summary>
public class QuantityReaderTests
{
    [Theory]
    [InlineData("at 950 °C", QuantityKind.Temperature, 1223.15)]
    [InlineData("k = 4.5e-4 s-1", QuantityKind.Rate, 4.5e-4)]
    [InlineData("k = 0.8 L mol-1 min-1", QuantityKind.SecondOrderRate, 0.8e-3 / 60)]
    [InlineData("a 1200 K sample", QuantityKind.Temperature, 1200)]
    [InlineData("212 °F", QuantityKind.Temperature, 373.15)]
    [InlineData("Ea = 160 kJ/mol", QuantityKind.MolarEnergy, 160000)]
    [InlineData("Q = 10 kcal/mol", QuantityKind.MolarEnergy, 41840)]
    [InlineData("0.5 eV", QuantityKind.Energy, 8.01088317e-20)]
    [InlineData("D = 1.5e-7 cm^2/s", QuantityKind.Diffusivity, 1.5e-11)]
    [InlineData("D = 0.025 µm²/s", QuantityKind.Diffusivity, 2.5e-14)]
    [InlineData("D = 2.5 × 10⁻¹¹ m²/s", QuantityKind.Diffusivity, 2.5e-11)]
    [InlineData("3e-5 cm^2 s^-1", QuantityKind.Diffusivity, 3e-9)]
    [InlineData("B = 0.0117 µm²/h", QuantityKind.Diffusivity, 3.25e-18)]
    [InlineData("k1 = 0.3 per hour", QuantityKind.Rate, 8.3333333333e-5)]
    [InlineData("k = 2.1e-3 per minute", QuantityKind.Rate, 3.5e-5)]
    [InlineData("A = 1e9 s^-1", QuantityKind.Rate, 1e9)]
    [InlineData("k = 0.5 1/s", QuantityKind.Rate, 0.5)]
    [InlineData("k = 0.15 L/(mol·min)", QuantityKind.SecondOrderRate, 2.5e-6)]
    [InlineData("k = 0.05 M^-1 s^-1", QuantityKind.SecondOrderRate, 5e-5)]
    [InlineData("heated at 10 K/min", QuantityKind.HeatingRate, 0.16666666667)]
    [InlineData("h = 4500 W/m²K,", QuantityKind.HeatTransferCoefficient, 4500)]
    [InlineData("k = 40 W/(m·K)", QuantityKind.ThermalConductivity, 40)]
    [InlineData("k = 200 W/mK", QuantityKind.ThermalConductivity, 200)]
    [InlineData("for 4 h", QuantityKind.Duration, 14400)]
    [InlineData("for half an hour", QuantityKind.Duration, 1800)]
    [InlineData("after 50 minutes.", QuantityKind.Duration, 3000)]
    [InlineData("a 40 mm thick plate", QuantityKind.Length, 0.04)]
    [InlineData("[A]0 = 0.4 mol/L", QuantityKind.Concentration, 400)]
    [InlineData("held at 1.20 wt% C", QuantityKind.Percent, 0.012)]
    [InlineData("consumed at 0.02 mol L^-1 min^-1", QuantityKind.ConcentrationRate, 0.33333333333)]
    [InlineData("k = 0.005 mol/(L·s)", QuantityKind.ConcentrationRate, 5)]
    [InlineData("a 0.5 kg part", QuantityKind.Mass, 0.5)]
    [InlineData("a 250 g sample", QuantityKind.Mass, 0.25)]
    [InlineData("consumed at 0.02 mol/L per minute", QuantityKind.ConcentrationRate, 0.33333333333)]
    [InlineData("heated at 10 K per minute", QuantityKind.HeatingRate, 0.16666666667)]
    [InlineData("rho 7800 kg/m3", QuantityKind.Density, 7800)]
    [InlineData("density 7.8 g/cm^3", QuantityKind.Density, 7800)]
    [InlineData("cp = 450 J/(kg·K)", QuantityKind.SpecificHeat, 450)]
    [InlineData("cp = 0.9 J/(g·K)", QuantityKind.SpecificHeat, 900)]
    public void Read_ConvertsToSi(string text, QuantityKind kind, double si)
    {
        var quantity = Assert.Single(QuantityReader.Read(text), q => q.Kind != QuantityKind.Number);
        Assert.Equal(kind, quantity.Kind);
        Assert.Equal(si, quantity.Si, Math.Abs(si) * 1e-6);
    }

    [Theory]
    [InlineData("a gap of 1-2 eV", 1, 2)]
    [InlineData("between 300 to 500 K", 300, 500)]
    public void Read_Range_KeepsBothEnds(string text, double low, double high)
    {
        var quantity = Assert.Single(QuantityReader.Read(text));
        Assert.Equal(low, quantity.Value);
        Assert.Equal(high, quantity.High);
    }

    [Theory]
    [InlineData("k = 0.3 per hour", 3600.0)]
    [InlineData("B = 0.0117 µm²/h", 3600.0)]
    [InlineData("10 K/min", 60.0)]
    public void Read_RemembersTheTimeUnitWritten(string text, double seconds) =>
        Assert.Equal(seconds, Assert.Single(QuantityReader.Read(text)).TimeUnitSeconds);

    [Theory]
    [InlineData("Ti3AlC2 and 5 umbrellas")]
    [InlineData("dD/dt = K/(2*D)")]
    public void Read_NamesAndWordsAreNotUnits(string text) =>
        Assert.All(QuantityReader.Read(text), q => Assert.Equal(QuantityKind.Number, q.Kind));

    /// <summary>Regression: "k = 0.01 (mol/L)^-0.5 s^-1" gave a rate constant of 0.5 s⁻¹, read from the unit's power.</summary>
    [Theory]
    [InlineData("k = 0.01 (mol/L)^-0.5 s^-1")]
    [InlineData("k = 0.01 (mol/L)^(-0.5) min^-1")]
    public void Read_APowerIsNoValue(string text) =>
        Assert.Equal(0.01, Assert.Single(QuantityReader.Read(text)).Value);
}
