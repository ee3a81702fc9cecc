"""Forms of the cluster agent's company management."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from lms.orgs.models import FederalState
from lms.orgs.occupations import occupation_choices


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CompanyForm(FlaskForm):
    name = StringField(_l("Name des Betriebs"), validators=[DataRequired(), Length(max=200)])
    town = StringField(_l("Ort"), validators=[DataRequired(), Length(max=120)])
    state = SelectField(_l("Bundesland"), choices=[SelectChoice(s.value) for s in FederalState])
    occupation_codes = CheckboxListField(_l("Ausbildungsberufe"), validators=[DataRequired()])
    is_new_to_training = BooleanField(_l("Bildet zum ersten Mal oder nach langer Pause aus"))
    joined_on = DateField(_l("Im Cluster seit"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.occupation_codes.choices = occupation_choices()

    def company_fields(self) -> dict:
        return {
            "name": self.name.data,
            "town": self.town.data,
            "state": FederalState(self.state.data),
            "occupation_codes": list(self.occupation_codes.data or []),
            "is_new_to_training": bool(self.is_new_to_training.data),
            "joined_on": self.joined_on.data,
        }
