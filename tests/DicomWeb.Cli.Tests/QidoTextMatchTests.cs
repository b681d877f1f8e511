using DicomWeb.Client;

namespace DicomWeb.Cli.Tests;

/// <summary>Match text goes through the typed matchers: what they build, and what they refuse.</summary>
public class QidoTextMatchTests
{
    [Theory]
    [InlineData("StudyDate", "20250101-20250131", "20250101-20250131")]
    [InlineData("StudyDate", "20250101-", "20250101-")]
    [InlineData("StudyDate", "-20250131", "-20250131")]
    [InlineData("StudyDate", "20250115", "20250115")]
    [InlineData("PatientName", "Sm?th*", "Sm?th*")]
    [InlineData("00100010", "Doe^Jane", "Doe^Jane")]
    [InlineData("StudyInstanceUID", "1.2.3,1.2.4", "1.2.3,1.2.4")]
    [InlineData("ModalitiesInStudy", "CT", "CT")]
    [InlineData("SeriesNumber", "7", "7")]
    [InlineData("StudyTime", "0800-1200", "080000-120000")]
    public void Builds_the_match_the_typed_API_builds(string key, string value, string sent)
    {
        QidoMatch match = QidoTextMatch.Parse(key, value);
        Assert.Equal(sent, match.Value);
        Assert.True(DicomTag.TryParse(key, out DicomTag tag));
        Assert.Equal(tag, match.Tag);
    }

    [Theory]
    [InlineData("StudyDate", "20250131-20250101", "before it starts")]
    [InlineData("StudyInstanceUID", "1.2.x", "1.2.x")]
    [InlineData("PatientAge", "04*", "wildcard")]
    [InlineData("StudyDate", "-", "a range needs a start or an end")]
    public void Refuses_what_the_typed_API_refuses(string key, string value, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => QidoTextMatch.Parse(key, value));
        Assert.Contains(message, e.Message);
    }
}
