using DicomWeb.Tests;

namespace DicomWeb.Sdk.Tests.Client;

[CollectionDefinition(Name)]
public sealed class OrthancCollection : ICollectionFixture<OrthancServer>
{
    public const string Name = "Orthanc";
}
