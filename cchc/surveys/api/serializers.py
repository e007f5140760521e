from rest_framework import serializers

from cchc.surveys.models import Campaign, Item, QuestionGroup, Questionnaire

#: a small positive integer within the bounds of the narrowest supported database, so that the published
#: schema is the same on SQLite and PostgreSQL
SMALL = {"min_value": 0, "max_value": 32767}


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = ["id", "number", "text", "is_demo"]
        extra_kwargs = {"number": SMALL}


class GroupSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = QuestionGroup
        fields = ["id", "position", "title", "items"]
        extra_kwargs = {"position": SMALL}


class ChoiceSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    letter = serializers.CharField()
    label = serializers.CharField()
    weight = serializers.IntegerField(allow_null=True)


class QuestionnaireSerializer(serializers.ModelSerializer):
    groups = GroupSerializer(many=True, read_only=True)
    choices = serializers.SerializerMethodField()

    class Meta:
        model = Questionnaire
        fields = ["id", "unit", "code", "version", "based_on", "year", "kind", "scale", "title", "intro", "instructions",
                  "closing", "source", "is_builtin", "choices", "groups"]
        extra_kwargs = {"version": SMALL}

    @staticmethod
    def get_choices(obj) -> list[dict]:
        return ChoiceSerializer(obj.choice_list(), many=True).data


class SurveyCampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", "unit", "questionnaire", "title", "starts_on", "ends_on", "targets", "ask_dossier_code"]


class SummarySerializer(serializers.Serializer):
    """Counts n1…n5 (choice 1…5), valid answers, mean and the satisfaction share or weighted score (percent)."""

    key = serializers.CharField()
    label = serializers.CharField()
    responses = serializers.IntegerField()
    counts = serializers.ListField(child=serializers.IntegerField())
    valid = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    satisfied_percent = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    score_percent = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class ResultsSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    scale = serializers.CharField()
    overall = SummarySerializer()
    items = SummarySerializer(many=True)
    groups = SummarySerializer(many=True)
    units = SummarySerializer(many=True)
    sectors = SummarySerializer(many=True)
    months = SummarySerializer(many=True)
    sex = SummarySerializer(many=True)
    age_band = SummarySerializer(many=True)
    education = SummarySerializer(many=True)
