using DicomWeb.Client;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Tests.Query;

public class QidoQueryTests
{
    [Fact]
    public void The_design_contract_query_gives_its_documented_URL()
    {
        QidoQuery query = Qido.Studies()
            .Where(PatientName.Like("Smith*"))
            .Where(StudyDate.Between(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31)))
            .Where(ModalitiesInStudy.Is("CT"))
            .Include(StudyDescription, NumberOfStudyRelatedInstances)
            .Limit(25)
            .Offset(50);
        Assert.Equal("studies?PatientName=Smith*&StudyDate=20250101-20250131&ModalitiesInStudy=CT&includefield=00081030,00201208&limit=25&offset=50", query.ToString());
        Assert.Equal("studies/1.2.3/series?Modality=MR", Qido.Series("1.2.3").Where(Modality.Is("MR")).ToString());
        Assert.Equal("studies/1.2.3/series/4.5/instances", Qido.Instances("1.2.3", "4.5").ToString());
        Assert.Equal("studies/1.2.3/instances", Qido.Instances("1.2.3").ToString());
        Assert.Equal("series", Qido.Series().ToString());
        Assert.Equal("instances", Qido.Instances().ToString());
    }

    [Theory]
    [InlineData("Doe^Jane", "Doe^Jane")]
    [InlineData("O'Brien & Sons", "O'Brien%20%26%20Sons")]
    [InlineData("a=b#c+d[e]", "a%3Db%23c%2Bd%5Be%5D")]
    [InlineData("Müller", "M%C3%BCller")]
    [InlineData("100%", "100%25")]
    public void Values_are_percent_encoded_where_needed_and_wildcards_stay(string value, string encoded) =>
        Assert.Equal($"studies?PatientName={encoded}", Qido.Studies().Where(PatientName.Is(value)).ToString());

    [Fact]
    public void Queries_are_immutable_values()
    {
        var basic = Qido.Studies();
        var filtered = basic.Where(PatientID.Is("A"));
        Assert.Equal("studies", basic.ToString());
        Assert.Equal(filtered, Qido.Studies().Where(PatientID.Is("A")));
        Assert.Equal("studies?PatientID=B", filtered.Where(PatientID.Is("B")).ToString()); // an attribute is not repeated
        Assert.Equal("studies?StudyInstanceUID=1.2.3,1.2.4", Qido.Studies().Where(StudyInstanceUID.In("1.2.3", "1.2.4")).ToString());
        Assert.Equal("studies?StudyDate=20250101-&StudyTime=-120000", Qido.Studies().Where(StudyDate.From(new DateOnly(2025, 1, 1))).Where(StudyTime.Until(new TimeOnly(12, 0))).ToString());
        Assert.Equal("studies?includefield=all&fuzzymatching=true", Qido.Studies().IncludeAll().FuzzyMatching().ToString());
        Assert.Equal("studies?PatientName=*&emptyvaluematching=true&multiplevaluematching=true",
            Qido.Studies().Where(PatientName.Like("*")).EmptyValueMatching().MultipleValueMatching().ToString()); // a lone * is universal matching
    }

    [Fact]
    public void Invalid_values_are_refused_before_any_request()
    {
        Assert.Contains("'1.2.x'", Assert.Throws<ArgumentException>(() => Qido.Series("1.2.x")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Qido.Instances("1.2.3", "1.02.3"));
        Assert.Throws<ArgumentException>(() => Qido.Studies().Where(StudyInstanceUID.Is("../../etc")));
        Assert.Contains("use Like", Assert.Throws<ArgumentException>(() => PatientName.Is("Smi*")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => StudyDate.Between(new DateOnly(2025, 2, 1), new DateOnly(2025, 1, 1)));
        Assert.Contains("midnight", Assert.Throws<ArgumentException>(() => StudyTime.Between(new TimeOnly(23, 0), new TimeOnly(1, 0))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Qido.Studies().Limit(0));
        Assert.Contains("'PatientNam'", Assert.Throws<ArgumentException>(() => Qido.Studies().Where("PatientNam", "x")).Message, StringComparison.Ordinal);
        Assert.Equal("studies?PatientName=Sm?th*", Qido.Studies().Where("PatientName", "Sm?th*").ToString());
        Assert.Equal("studies?00100020=X", Qido.Studies().Where("(0010,0020)", "X").ToString().Replace("PatientID", "00100020"));
    }
}
