import factory

from results import models


class StandardIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StandardIndicator

    code = factory.Sequence(lambda n: f"SDG 1.{n}")
    name = "Rumah tangga miskin dengan usaha produktif"
    unit = "rumah tangga"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Indicator
        skip_postgeneration_save = True

    outcome = factory.SubFactory("roadmap.tests.factories.OutcomeFactory")
    program = factory.LazyAttribute(lambda i: (i.outcome or i.output.outcome).program)
    code = factory.Sequence(lambda n: f"IND-{n}")
    name = "Rumah tangga desil 1–4 dengan usaha produktif"
    unit = "rumah tangga"
    target_value = 100

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Result

    indicator = factory.SubFactory(IndicatorFactory)
    program = factory.LazyAttribute(lambda r: r.indicator.program)
    kind = factory.LazyAttribute(lambda r: r.indicator.kind)
    value = 10
    author = factory.SubFactory("partners.tests.factories.UserFactory")
