"""Forms of the account pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional


class LoginForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Passwort"), validators=[DataRequired(), Length(max=1000)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(), Email(), Length(max=254)])


class NewPasswordForm(FlaskForm):
    """Used when accepting an invitation and when resetting a password."""

    password = PasswordField(
        _l("Neues Passwort"),
        validators=[DataRequired(), Length(max=1000)],
        description=_l("Mindestens 10 Zeichen; am besten ein Satz, den Sie sich merken können."),
    )
    confirm = PasswordField(
        _l("Passwort wiederholen"),
        validators=[DataRequired(), EqualTo("password", message=_l("Die Passwörter stimmen nicht überein."))],
    )


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Aktuelles Passwort"), validators=[DataRequired(), Length(max=1000)])


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Sprache"), choices=[SelectChoice("de", "Deutsch"), SelectChoice("en", "English")])


class NameForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])


class InviteForm(FlaskForm):
    """Invite a person; the role choices depend on who invites (set by the view)."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Rolle"))
    company_id = SelectField(_l("Betrieb"), coerce=int, validate_choice=False, default=0)
    is_without_aevo = BooleanField(_l("Ausbildungsbeauftragte/r ohne AEVO-Schein"))
    occupation_code = SelectField(_l("Ausbildungsberuf"), validators=[Optional()])
    specialism = SelectField(_l("Schwerpunkt / Einsatzgebiet"), validators=[Optional()])
    training_start = DateField(_l("Ausbildungsbeginn"), validators=[Optional()])
    training_end = DateField(_l("Ausbildungsende"), validators=[Optional()])

    def apprentice_details(self) -> dict:
        return {
            "occupation_code": self.occupation_code.data,
            "specialism": self.specialism.data or None,
            "training_start": self.training_start.data,
            "training_end": self.training_end.data,
        }

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.role.data == "apprentice":
            for field in (self.occupation_code, self.training_start, self.training_end):
                if not field.data:
                    field.errors.append(_l("Für Azubis bitte ausfüllen."))
                    ok = False
        return ok
